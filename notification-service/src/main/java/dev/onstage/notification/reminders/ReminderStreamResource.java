package dev.onstage.notification.reminders;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.onstage.notification.agenda.AttendeeTokens;
import dev.onstage.notification.reminders.ReminderMetrics.Transport;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** Talk events as Server-Sent Events, filtered, resumable, with heartbeats: see docs/reminders.md. */
@Path("/api/reminders")
public class ReminderStreamResource {

    private final ReminderStreams streams;
    private final AttendeeTokens tokens;
    private final ConnectionLimits limits;
    private final ReminderMetrics metrics;
    private final ObjectMapper json;
    private final int maxFilters;
    private final Duration heartbeat;

    ReminderStreamResource(ReminderStreams streams, AttendeeTokens tokens, ConnectionLimits limits, ReminderMetrics metrics, ObjectMapper json,
            @ConfigProperty(name = "onstage.reminders.max-filters") int maxFilters,
            @ConfigProperty(name = "onstage.reminders.heartbeat") Duration heartbeat) {
        this.streams = streams;
        this.tokens = tokens;
        this.limits = limits;
        this.metrics = metrics;
        this.json = json;
        this.maxFilters = maxFilters;
        this.heartbeat = heartbeat;
    }

    /**
     * Talk events: {@code id:} the event id, {@code event:} its type, {@code data:} its JSON; see docs/reminders.md.
     * With {@code attendee}, only that attendee's reminders, and their token is needed (a Bearer header, or the
     * {@code token} parameter for EventSource, which cannot send headers).
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse, @Context HttpServerRequest request,
            @QueryParam("talk") List<String> talks, @QueryParam("room") List<String> rooms,
            @QueryParam("session") List<String> sessions, @QueryParam("speaker") List<String> speakers,
            @QueryParam("type") List<String> types,
            @HeaderParam("Last-Event-ID") String lastEventIdHeader, @QueryParam("lastEventId") String lastEventIdParam,
            @QueryParam("attendee") String attendeeParam) {
        ReminderFilter filter = ReminderFilter.of(talks, rooms, sessions, speakers, types, maxFilters);
        // The attendee's token has been checked by checkAttendee, before the stream began.
        UUID attendee = attendeeParam == null ? null : AttendeeTokens.attendeeId(attendeeParam, "attendee");
        // The header is what EventSource sends when it reconnects: it is newer than the URL's parameter.
        String lastEventId = lastEventIdHeader != null && !lastEventIdHeader.isEmpty() ? lastEventIdHeader
                : lastEventIdParam;
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        if (!limits.tryOpen(address)) {
            metrics.refused(Transport.SSE);
            throw limits.refused(address);
        }
        Multi<Frame> heartbeats = Multi.createFrom().ticks().startingAfter(heartbeat).every(heartbeat)
                .onOverflow().drop()
                .map(tick -> new Frame.Heartbeat());
        return Multi.createBy().merging()
                .streams(streams.open(Transport.SSE, filter, lastEventId, attendee), heartbeats)
                .onTermination().invoke(() -> limits.closed(address))
                .onFailure(BackPressureFailure.class).recoverWithCompletion()
                .map(frame -> toSse(sse, frame));
    }

    /**
     * Checks an attendee stream's token before the stream begins: once an SSE response has started, an error can no
     * longer be a 401 or 403 problem+json. Answers nothing (the request goes on) for other requests.
     */
    @ServerRequestFilter
    public Uni<Response> checkAttendee(ResourceInfo resource, UriInfo uri, HttpHeaders headers) {
        String attendee = uri.getQueryParameters().getFirst("attendee");
        if (resource.getResourceClass() != ReminderStreamResource.class || attendee == null) {
            return Uni.createFrom().nullItem();
        }
        String token = AttendeeTokens.token(headers.getHeaderString(HttpHeaders.AUTHORIZATION),
                uri.getQueryParameters().getFirst("token"));
        return tokens.check(AttendeeTokens.attendeeId(attendee, "attendee"), token).replaceWith((Response) null);
    }

    private OutboundSseEvent toSse(Sse sse, Frame frame) {
        // The data is already JSON text: sent as it is (a media type would add a content-type line per event).
        if (frame instanceof Frame.Event event) {
            metrics.delivered(Transport.SSE, event);
            Reminder reminder = event.reminder();
            return sse.newEventBuilder().id(reminder.id()).name(reminder.type()).data(reminder.data()).build();
        }
        if (frame instanceof Frame.Reset reset) {
            return sse.newEventBuilder().name("reset")
                    .data(json.createObjectNode().put("reason", "history-exceeded")
                            .put("lastEventId", reset.lastEventId()).toString())
                    .build();
        }
        return sse.newEventBuilder().comment(frame instanceof Frame.Subscribed ? "subscribed" : "heartbeat").build();
    }
}
