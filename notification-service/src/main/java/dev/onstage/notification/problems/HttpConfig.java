package dev.onstage.notification.problems;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;

/**
 * Request bodies ({@code onstage.http.*}, or {@code ONSTAGE_HTTP_*} in the environment); their size limit is Quarkus'
 * own {@code quarkus.http.limits.max-body-size}. The value and its meaning are in application.properties, the one place
 * of its default.
 */
@ConfigMapping(prefix = "onstage.http")
public interface HttpConfig {

    /** A body still incomplete after this long is a 408. */
    @DurationMin(millis = 1)
    Duration bodyTimeout();
}
