package dev.onstage.notification.web;

import java.net.URI;


import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Security headers on every answer (issue 15, item 10), set ahead of every other route so that refusals, streams and
 * the page all carry them. The page's Content-Security-Policy allows scripts, styles and images from this service only
 * (the page has no inline script or style), connections to this service and to schedule-service's public URL
 * ({@code onstage.web.schedule-url}), and no framing. Quarkus' own tools under {@code /q/} (Swagger UI needs inline
 * scripts) get no policy; they are not public in deploy/k8s and docker-compose.yml.
 */
@ApplicationScoped
public class SecurityHeaders {

    private final WebConfig config;

    SecurityHeaders(WebConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        String policy = policy(config.scheduleUrl());
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            MultiMap headers = context.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            if (!context.normalizedPath().startsWith("/q/")) {
                headers.set("Content-Security-Policy", policy);
                headers.set("X-Frame-Options", "DENY");
            }
            context.next();
        });
    }

    /** The policy, with schedule-service's origin (scheme, host and port of its URL) as a place to connect to. */
    static String policy(String scheduleUrl) {
        String schedule = "";
        try {
            URI uri = URI.create(scheduleUrl.strip());
            if (uri.getScheme() != null && uri.getHost() != null) {
                schedule = " " + uri.getScheme() + "://" + uri.getRawAuthority();
            }
        } catch (IllegalArgumentException notAUrl) {
            // only 'self'
        }
        return "default-src 'self'; connect-src 'self'" + schedule + "; img-src 'self' data:; object-src 'none'; "
                + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }
}
