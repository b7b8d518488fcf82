package dev.onstage.notification.push;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/**
 * Web Push ({@code onstage.push.*}, or {@code ONSTAGE_PUSH_*} in the environment). The values and what they mean are in
 * application.properties, the one place of their defaults; a value out of range stops the service at start.
 */
@ConfigMapping(prefix = "onstage.push")
public interface PushConfig {

    /** Push services are https; a local one for tests may be allowed to be http. */
    boolean allowInsecureEndpoints();

    /** Devices (browsers) per attendee. */
    @Positive
    int maxDevices();

    @Valid
    Vapid vapid();

    /** How often the worker looks for due deliveries. */
    @DurationMin(millis = 1)
    Duration pollInterval();

    /** How long a claim holds: longer than a send may take. */
    @DurationMin(millis = 1)
    Duration lease();

    /** Deliveries claimed at once. */
    @Positive
    int batch();

    @DurationMin(millis = 1)
    Duration sendTimeout();

    @Positive
    int maxAttempts();

    @DurationMin(millis = 1)
    Duration firstRetry();

    @DurationMin(millis = 1)
    Duration maxRetry();

    /** {@code onstage.push.vapid.*}: the keys (see VapidKeyring for which is used) and the contact. */
    interface Vapid {

        Optional<String> publicKey();

        Optional<String> privateKey();

        Optional<Path> keyFile();

        @NotBlank
        String subject();
    }
}
