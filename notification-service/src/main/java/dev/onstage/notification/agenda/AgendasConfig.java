package dev.onstage.notification.agenda;

import java.time.Duration;
import java.util.List;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Attendees and their agendas ({@code onstage.agenda.*}, or {@code ONSTAGE_AGENDA_*} in the environment): favourites,
 * anonymous creations, expiry, stream tickets and the known talks. The values and what they mean are in
 * application.properties, the one place of their defaults; a value out of range stops the service at start.
 */
@ConfigMapping(prefix = "onstage.agenda")
public interface AgendasConfig {

    /** The lead times (minutes before a talk) a favourite's reminder may have; the first is the default. */
    @NotEmpty
    List<@PositiveOrZero Integer> leadMinutes();

    @Positive
    int maxFavourites();

    /** Attendee creations per client address: a bucket of this many ... */
    @Positive
    int creationsPerAddress();

    /** ... refilled by one every this long. */
    @DurationMin(millis = 1)
    Duration creationInterval();

    /** Client addresses counted at once, by every per-address bucket (creations, pairings). */
    @Positive
    int trackedAddresses();

    /** Attendees unused this long are forgotten with their favourites. */
    @DurationMin(seconds = 1)
    Duration attendeeExpiry();

    @DurationMin(millis = 1)
    Duration expiryCheck();

    @DurationMin(seconds = 1)
    Duration streamTicketTtl();

    @Positive
    int maxStreamTickets();

    /** Favourites only for talks in the programme. */
    boolean knownTalksOnly();

    @Positive
    int maxKnownTalks();
}
