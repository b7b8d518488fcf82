package dev.onstage.notification.web;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What the web page (index.html, served from META-INF/resources) needs to know: where schedule-service is. */
@Path("/api/web-config")
public class WebConfigResource {

    /** @param scheduleUrl the public base URL of schedule-service's read API, as the browser reaches it */
    public record WebConfig(String scheduleUrl) {
    }

    @ConfigProperty(name = "onstage.web.schedule-url")
    String scheduleUrl;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public WebConfig config() {
        return new WebConfig(scheduleUrl.replaceAll("/+$", ""));
    }
}
