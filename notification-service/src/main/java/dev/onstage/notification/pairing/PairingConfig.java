package dev.onstage.notification.pairing;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Positive;

/**
 * A second device ({@code onstage.pairing.*}, or {@code ONSTAGE_PAIRING_*} in the environment). The values and what they
 * mean are in application.properties, the one place of their defaults; a value out of range stops the service at start.
 * The addresses tracked for redemptions are {@code onstage.agenda.tracked-addresses}, shared with attendee creations.
 */
@ConfigMapping(prefix = "onstage.pairing")
public interface PairingConfig {

    /** How long a code may be redeemed. */
    @DurationMin(seconds = 1)
    Duration codeTtl();

    /** Unexpired codes an attendee may hold. */
    @Positive
    int maxOpenCodes();

    /** Devices (tokens) per attendee. */
    @Positive
    int maxDevices();

    /** Redemptions per client address: a bucket of this many ... */
    @Positive
    int redemptionsPerAddress();

    /** ... refilled by one every this long. */
    @DurationMin(millis = 1)
    Duration redemptionInterval();
}
