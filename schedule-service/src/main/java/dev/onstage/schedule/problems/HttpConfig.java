package dev.onstage.schedule.problems;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/**
 * Request bodies ({@code onstage.http.*}, or {@code ONSTAGE_HTTP_*} in the environment), see {@link BodyGate}; imports
 * are limited by Quarkus' own {@code quarkus.http.limits.max-body-size}. The values and what they mean are in
 * application.properties, the one place of their defaults.
 */
@ConfigMapping(prefix = "onstage.http")
public interface HttpConfig {

    /** The JSON bodies of {@code PATCH /api/talks/{id}} and {@code PUT /api/clock}. */
    MemorySize maxEditBodySize();

    /** An accepted body must have arrived within this time, else 408. */
    @DurationMin(millis = 1)
    Duration bodyTimeout();
}
