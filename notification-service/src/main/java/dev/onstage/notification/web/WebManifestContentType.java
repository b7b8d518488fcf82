package dev.onstage.notification.web;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Serves the page's web app manifest ({@code META-INF/resources/manifest.webmanifest}) as
 * {@code application/manifest+json}: Vert.x' static handler knows no type for {@code .webmanifest}, and with
 * {@code nosniff} on every answer the type must be right.
 */
@ApplicationScoped
public class WebManifestContentType {

    static final String PATH = "/manifest.webmanifest";
    static final String TYPE = "application/manifest+json";

    void install(@Observes Router router) {
        router.get(PATH).order(Integer.MIN_VALUE + 1).handler(context -> {
            // At the end, so that the static handler cannot overwrite it; only on the file itself (not a 304 or 404).
            context.addHeadersEndHandler(done -> {
                if (context.response().getStatusCode() == 200) {
                    context.response().headers().set("Content-Type", TYPE);
                }
            });
            context.next();
        });
    }
}
