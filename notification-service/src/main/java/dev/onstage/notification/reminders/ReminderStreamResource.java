package dev.onstage.notification.reminders;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** Talk events as Server-Sent Events, filtered, resumable, with heartbeats: see docs/reminders.md. */
@Path("/api/reminders")
public class ReminderStreamResource {

    private static final Tags SSE = Tags.of("transport", "sse");

    private final ReminderHub hub;
    private final ObjectMapper json;
    private final int maxFilters;
    private final int clientBuffer;
    private final Duration heartbeat;
    private final AtomicInteger clients = new AtomicInteger();
    private final Counter delivered;
    private final Counter dropped;
    private final Timer latency;

    ReminderStreamResource(ReminderHub hub, ObjectMapper json, MeterRegistry registry,
            @ConfigProperty(name = "onstage.reminders.max-filters", defaultValue = "50") int maxFilters,
            @ConfigProperty(name = "onstage.reminders.client-buffer", defaultValue = "256") int clientBuffer,
            @ConfigProperty(name = "onstage.reminders.heartbeat", defaultValue = "15s") Duration heartbeat) {
        this.hub = hub;
        this.json = json;
        this.maxFilters = maxFilters;
        this.clientBuffer = clientBuffer;
        this.heartbeat = heartbeat;
        registry.gauge("onstage.reminders.clients", SSE, clients);
        delivered = Counter.builder("onstage.reminders.delivered").tags(SSE)
                .description("Events handed to SSE connections (replayed ones included)").register(registry);
        dropped = Counter.builder("onstage.reminders.dropped").tags(SSE)
                .description("SSE connections closed because the client did not keep up").register(registry);
        latency = Timer.builder("onstage.reminders.delivery.latency").tags(SSE)
                .description("Live events only: from reading the event from Kafka to handing it to the SSE "
                        + "connection (not from the event's dueAt)")
                .register(registry);
    }

    /**
     * Talk events: {@code id:} the event id, {@code event:} its type, {@code data:} its JSON; see docs/reminders.md.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse,
            @QueryParam("talk") List<String> talks, @QueryParam("room") List<String> rooms,
            @QueryParam("session") List<String> sessions, @QueryParam("speaker") List<String> speakers,
            @QueryParam("type") List<String> types,
            @HeaderParam("Last-Event-ID") String lastEventIdHeader, @QueryParam("lastEventId") String lastEventIdParam) {
        ReminderFilter filter = ReminderFilter.of(talks, rooms, sessions, speakers, types, maxFilters);
        // The header is what EventSource sends when it reconnects: it is newer than the URL's parameter.
        String lastEventId = lastEventIdHeader != null && !lastEventIdHeader.isEmpty() ? lastEventIdHeader
                : lastEventIdParam;
        Multi<Frame> heartbeats = Multi.createFrom().ticks().startingAfter(heartbeat).every(heartbeat)
                .onOverflow().drop()
                .map(tick -> new Frame.Heartbeat());
        return Multi.createBy().merging().streams(hub.subscribe(filter, lastEventId, clientBuffer), heartbeats)
                .onSubscription().invoke(clients::incrementAndGet)
                .onTermination().invoke(clients::decrementAndGet)
                .onFailure(BackPressureFailure.class).invoke(failure -> dropped.increment())
                .onFailure(BackPressureFailure.class).recoverWithCompletion()
                .map(frame -> toSse(sse, frame));
    }

    private OutboundSseEvent toSse(Sse sse, Frame frame) {
        // The data is already JSON text: sent as it is (a media type would add a content-type line per event).
        if (frame instanceof Frame.Event event) {
            Reminder reminder = event.reminder();
            delivered.increment();
            if (!event.replayed()) {
                latency.record(System.nanoTime() - reminder.receivedNanos(), TimeUnit.NANOSECONDS);
            }
            return sse.newEventBuilder().id(reminder.id()).name(reminder.type()).data(reminder.data()).build();
        }
        if (frame instanceof Frame.Reset reset) {
            return sse.newEventBuilder().name("reset")
                    .data(json.createObjectNode().put("reason", "history-exceeded")
                            .put("lastEventId", reset.lastEventId()).toString())
                    .build();
        }
        return sse.newEventBuilder().comment("heartbeat").build();
    }
}
