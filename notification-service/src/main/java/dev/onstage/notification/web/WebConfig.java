package dev.onstage.notification.web;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.NotBlank;

/**
 * The web page ({@code onstage.web.*}, or {@code ONSTAGE_WEB_*} in the environment). The value and its meaning are in
 * application.properties, the one place of its default.
 */
@ConfigMapping(prefix = "onstage.web")
public interface WebConfig {

    /** schedule-service's public base URL, as the browser reaches it. */
    @NotBlank
    String scheduleUrl();
}
