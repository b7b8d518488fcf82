package dev.onstage.notification.reminders;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;

/**
 * Reminder streams, SSE and WebSocket ({@code onstage.reminders.*}, or {@code ONSTAGE_REMINDERS_*} in the environment).
 * The values and what they mean are in application.properties, the one place of their defaults; a value out of range
 * stops the service at start.
 */
@ConfigMapping(prefix = "onstage.reminders")
public interface RemindersConfig {

    /** Recent events kept for clients that resume. */
    @Positive
    int historySize();

    /** Filter values per subscription. */
    @Positive
    int maxFilters();

    /** Events waiting for a slow client before it is dropped. */
    @Positive
    int clientBuffer();

    @Positive
    int maxConnectionsPerAddress();

    /** Open streams on this instance, whoever opened them. */
    @Positive
    int maxStreams();

    /** How long an event waits for the others of its burst (0: at once). */
    @DurationMin(nanos = 0)
    Duration batchWindow();

    /** The interval of the SSE {@code : heartbeat} comment. */
    @DurationMin(millis = 1)
    Duration heartbeat();

    @Valid
    WebSocket ws();

    /** {@code onstage.reminders.ws.*} */
    interface WebSocket {

        /** A longer message gets an error reply. */
        @Positive
        int maxMessageChars();

        /** A message over this many bytes closes the connection (1009). */
        @Positive
        int maxMessageSize();

        /** The server's ping. */
        @DurationMin(millis = 1)
        Duration pingInterval();
    }
}
