package dev.onstage.notification.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What the web page (index.html, served from META-INF/resources) needs to know: where schedule-service is. */
@Path("/api/web-config")
public class WebConfigResource {

    /** @param scheduleUrl the public base URL of schedule-service's read API, as the browser reaches it */
    public record PageSettings(String scheduleUrl) {
    }

    private final WebConfig config;

    WebConfigResource(WebConfig config) {
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public PageSettings config() {
        return new PageSettings(config.scheduleUrl().replaceAll("/+$", ""));
    }
}
