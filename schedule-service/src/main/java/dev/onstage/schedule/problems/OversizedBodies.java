package dev.onstage.schedule.problems;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.onstage.contract.problems.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a body larger than the limit from its Content-Length, before reading any of it, with a problem+json
 * answer (Vert.x would otherwise answer a bare 413 once the limit is reached while reading).
 */
@ApplicationScoped
public class OversizedBodies {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize limit;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && tooLong(length)) {
                String detail = "The body is " + length + " bytes; at most " + limit.asLongValue() + " are accepted.";
                context.response().setStatusCode(413)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE.toString())
                        .putHeader("Connection", "close")
                        .end(new JsonObject().put("type", "about:blank").put("title", "Request Entity Too Large")
                                .put("status", 413).put("detail", detail).encode());
                return;
            }
            context.next();
        });
    }

    private boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.strip()) > limit.asLongValue();
        } catch (NumberFormatException e) {
            return false; // Vert.x itself rejects a malformed Content-Length
        }
    }
}
