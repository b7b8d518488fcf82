package dev.onstage.schedule.problems;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Security headers on every answer (issue 15, item 10), set ahead of every other route so that refusals carry them
 * too. schedule-service serves no page: its answers are data, so the Content-Security-Policy allows nothing but
 * connections back to itself, and no framing. Quarkus' own tools under {@code /q/} (Swagger UI needs inline scripts)
 * get no policy; they are not public in deploy/k8s and docker-compose.yml.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String POLICY = "default-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            MultiMap headers = context.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            if (!context.normalizedPath().startsWith("/q/")) {
                headers.set("Content-Security-Policy", POLICY);
                headers.set("X-Frame-Options", "DENY");
            }
            context.next();
        });
    }
}
