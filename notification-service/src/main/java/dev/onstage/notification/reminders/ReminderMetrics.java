package dev.onstage.notification.reminders;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reminder stream metrics, tagged {@code transport=sse|websocket}: connected clients, events delivered, clients
 * dropped for not keeping up, connections refused by the limits, and the latency from the instant an event was due (the
 * Kafka record timestamp, wall clock) to handing it to the connections of one event loop.
 */
@ApplicationScoped
public class ReminderMetrics {

    private record Meters(AtomicInteger clients, Counter delivered, Counter dropped, Counter refused, Timer latency) {
    }

    private final Map<Transport, Meters> meters = new EnumMap<>(Transport.class);

    ReminderMetrics(MeterRegistry registry) {
        for (Transport transport : Transport.values()) {
            String tag = transport.tag();
            AtomicInteger clients = registry.gauge("onstage.reminders.clients", Tags.of("transport", tag),
                    new AtomicInteger());
            meters.put(transport, new Meters(clients,
                    Counter.builder("onstage.reminders.delivered").tag("transport", tag)
                            .description("Events handed to client connections (replayed ones included)")
                            .register(registry),
                    Counter.builder("onstage.reminders.dropped").tag("transport", tag)
                            .description("Connections closed because the client did not keep up").register(registry),
                    Counter.builder("onstage.reminders.refused").tag("transport", tag)
                            .description("Connections refused: too many from one address, or on this instance")
                            .register(registry),
                    Timer.builder("onstage.reminders.delivery.latency").tag("transport", tag)
                            .description("Live events: from the instant the event was due (wall clock) to handing "
                                    + "it to the connections of one event loop (one sample per event and loop)")
                            .publishPercentiles(0.5, 0.99)
                            .publishPercentileHistogram()
                            .register(registry)));
        }
    }

    void opened(Transport transport) {
        meters.get(transport).clients().incrementAndGet();
    }

    void closed(Transport transport) {
        meters.get(transport).clients().decrementAndGet();
    }

    void dropped(Transport transport) {
        meters.get(transport).dropped().increment();
    }

    void refused(Transport transport) {
        meters.get(transport).refused().increment();
    }

    /** One live event written to {@code count} connections of one event loop. */
    void delivered(Transport transport, int count, long dueWallMillis) {
        Meters m = meters.get(transport);
        m.delivered().increment(count);
        m.latency().record(System.currentTimeMillis() - dueWallMillis, TimeUnit.MILLISECONDS);
    }

    /** One event from the history, written to a resuming connection. */
    void replayed(Transport transport) {
        meters.get(transport).delivered().increment();
    }

    public int clients(Transport transport) {
        return meters.get(transport).clients().get();
    }

    public double droppedCount(Transport transport) {
        return meters.get(transport).dropped().count();
    }
}
