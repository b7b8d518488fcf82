package dev.onstage.schedule.organizers;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Password guessing ({@code onstage.login.*}, or {@code ONSTAGE_LOGIN_*} in the environment), see {@link LoginBackoff}.
 * The values and what they mean are in application.properties, the one place of their defaults.
 */
@ConfigMapping(prefix = "onstage.login")
public interface LoginConfig {

    /** Failures of an address before the first lock. */
    @PositiveOrZero
    int freeFailures();

    /** The first lock, doubled per further failure ... */
    @DurationMin(millis = 1)
    Duration backoff();

    /** ... up to this. */
    @DurationMin(millis = 1)
    Duration maxBackoff();

    /** An address without a failure for this long is forgotten. */
    @DurationMin(millis = 1)
    Duration failureWindow();

    /** Addresses tracked at once. */
    @Positive
    int trackedAddresses();
}
