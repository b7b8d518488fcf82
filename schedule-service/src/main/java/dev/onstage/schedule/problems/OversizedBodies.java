package dev.onstage.schedule.problems;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.onstage.contract.problems.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a body larger than the limit with a problem+json answer: from its Content-Length, before reading any of it;
 * a body of unknown length (chunked) is read here up to the limit, and refused once it goes over. (Quarkus would
 * otherwise answer a bare 413 once the limit is reached while reading.)
 */
@ApplicationScoped
public class OversizedBodies {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize limit;

    void install(@Observes Router router) {
        BodyHandler unknownLength = BodyHandler.create(false).setBodyLimit(limit.asLongValue());
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && tooLong(length)) {
                tooLarge(context, "The body is " + length + " bytes; at most " + limit.asLongValue() + " are accepted.");
                return;
            }
            if (length == null && context.request().getHeader("Transfer-Encoding") != null) {
                unknownLength.handle(context); // goes on with the body read, or fails with 413 (below)
                return;
            }
            context.next();
        }).failureHandler(context -> {
            if (context.statusCode() == 413) {
                tooLarge(context, "The body is longer than the " + limit.asLongValue() + " bytes that are accepted.");
                return;
            }
            context.next();
        });
    }

    private static void tooLarge(RoutingContext context, String detail) {
        if (context.response().headWritten()) {
            return;
        }
        context.response().setStatusCode(413)
                .putHeader("Content-Type", Problem.MEDIA_TYPE.toString())
                .putHeader("Connection", "close")
                .end(new JsonObject().put("type", "about:blank").put("title", "Request Entity Too Large")
                        .put("status", 413).put("detail", detail).encode());
    }

    private boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.strip()) > limit.asLongValue();
        } catch (NumberFormatException e) {
            return false; // Vert.x itself rejects a malformed Content-Length
        }
    }
}
