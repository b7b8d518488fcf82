package dev.onstage.notification.reminders;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.onstage.contract.problems.BadRequest;
import dev.onstage.contract.problems.Problem;
import dev.onstage.notification.agenda.AccessDenied;
import dev.onstage.notification.agenda.AttendeeTokens;
import dev.onstage.notification.reminders.ReminderMetrics.Transport;
import io.netty.channel.ChannelOption;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response.Status;

/**
 * {@code GET /api/reminders}: talk events as Server-Sent Events, filtered, resumable, with heartbeats
 * (docs/reminders.md).
 *
 * <p>A Vert.x route rather than a JAX-RS resource because this is the service's hot path: with thousands of streams,
 * every event is written to each matching one. Each event's frame is encoded once ({@link Reminder#sseFrame}) and the
 * same bytes go to every client, written straight to the connection; the JAX-RS SSE support encoded every event again
 * for every client, which made an SSE delivery cost half as much again as a WebSocket one (docs/benchmarks.md).
 * Errors are the same problem+json answers as everywhere else.
 */
@ApplicationScoped
public class ReminderSse {

    static final String PATH = "/api/reminders";

    private static final Logger LOG = Logger.getLogger(ReminderSse.class);
    private static final Buffer SUBSCRIBED = Buffer.buffer(": subscribed\n\n");
    private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");

    private final ReminderStreams streams;
    private final AttendeeTokens tokens;
    private final ConnectionLimits limits;
    private final ReminderMetrics metrics;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final int maxFilters;
    private final Duration heartbeat;

    ReminderSse(ReminderStreams streams, AttendeeTokens tokens, ConnectionLimits limits, ReminderMetrics metrics,
            ObjectMapper json, Vertx vertx,
            @ConfigProperty(name = "onstage.reminders.max-filters") int maxFilters,
            @ConfigProperty(name = "onstage.reminders.heartbeat") Duration heartbeat) {
        this.streams = streams;
        this.tokens = tokens;
        this.limits = limits;
        this.metrics = metrics;
        this.json = json;
        this.vertx = vertx;
        this.maxFilters = maxFilters;
        this.heartbeat = heartbeat;
    }

    void route(@Observes Router router) {
        router.get(PATH).handler(this::open);
        router.route(PATH).handler(context -> {
            context.response().putHeader(HttpHeaders.ALLOW, "GET");
            problem(context, Status.METHOD_NOT_ALLOWED, Problem.clearDetail(405, null,
                    context.request().method().name(), PATH, List.of("GET")), null);
        });
    }

    /**
     * Query: {@code talk}, {@code room}, {@code session}, {@code speaker}, {@code type} (each repeatable),
     * {@code lastEventId} (the {@code Last-Event-ID} header wins), {@code attendee} with its token (a Bearer header,
     * or {@code token} for EventSource, which cannot send headers).
     */
    private void open(RoutingContext context) {
        ReminderFilter filter;
        UUID attendee;
        String token;
        try {
            filter = ReminderFilter.of(context.queryParam("talk"), context.queryParam("room"),
                    context.queryParam("session"), context.queryParam("speaker"), context.queryParam("type"),
                    maxFilters);
            String attendeeParam = single(context, "attendee");
            attendee = attendeeParam == null ? null : AttendeeTokens.attendeeId(attendeeParam, "attendee");
            token = AttendeeTokens.token(context.request().getHeader(HttpHeaders.AUTHORIZATION),
                    single(context, "token"));
        } catch (BadRequest e) {
            problem(context, Status.BAD_REQUEST, e.getMessage(), e.where());
            return;
        } catch (IllegalArgumentException e) {
            // Vert.x could not decode the query string (a bad %-escape)
            problem(context, Status.BAD_REQUEST, "The query string cannot be read: " + e.getMessage(), "query");
            return;
        }
        String header = context.request().getHeader("Last-Event-ID");
        // The header is what EventSource sends when it reconnects: it is newer than the URL's parameter.
        String lastEventId = header != null && !header.isEmpty() ? header : single(context, "lastEventId");
        Uni<UUID> checked = attendee == null ? Uni.createFrom().nullItem() : tokens.check(attendee, token);
        checked.subscribe().with(
                ok -> stream(context, filter, lastEventId, attendee),
                failure -> refuse(context, failure));
    }

    private void stream(RoutingContext context, ReminderFilter filter, String lastEventId, UUID attendee) {
        if (context.response().closed()) {
            return;
        }
        String address = context.request().remoteAddress() == null ? "unknown"
                : context.request().remoteAddress().hostAddress();
        if (!limits.tryOpen(address)) {
            metrics.refused(Transport.SSE);
            context.response().putHeader(HttpHeaders.RETRY_AFTER, "30");
            problem(context, Status.TOO_MANY_REQUESTS, limits.refused(address).getMessage(), null);
            return;
        }
        HttpServerResponse response = context.response()
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                // nginx and others would hold the events back to buffer them
                .putHeader("X-Accel-Buffering", "no");
        response.writeHead();
        Writer writer = new Writer(context, () -> limits.closed(address));
        if (response.closed()) {
            // gone before its close handler was set
            writer.close();
            return;
        }
        streams.open(Transport.SSE, filter, lastEventId, attendee).subscribe().withSubscriber(writer);
    }

    /**
     * Writes one client's frames in order, asking for the next as soon as the connection takes more; while it does not
     * (the client reads slowly), frames wait in the stream's bounded buffer, and when that is full the stream fails
     * with {@link BackPressureFailure} and the connection is closed: the client may reconnect and resume.
     */
    private final class Writer implements Flow.Subscriber<Frame> {

        private final HttpServerRequest request;
        private final HttpServerResponse response;
        private final Runnable onClose;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Flow.Subscription subscription;
        private long heartbeatTimer = -1;

        Writer(RoutingContext context, Runnable onClose) {
            this.request = context.request();
            this.response = context.response();
            this.onClose = onClose;
            response.closeHandler(ignored -> close());
            response.exceptionHandler(ignored -> close());
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (closed.get()) {
                subscription.cancel();
                return;
            }
            heartbeatTimer = vertx.setPeriodic(heartbeat.toMillis(), ignored -> response.write(HEARTBEAT, null));
            subscription.request(1);
        }

        @Override
        public void onNext(Frame frame) {
            if (closed.get()) {
                return;
            }
            response.write(encode(frame), null);
            if (frame instanceof Frame.Event event) {
                metrics.delivered(Transport.SSE, event);
            }
            if (response.writeQueueFull()) {
                response.drainHandler(ignored -> subscription.request(1));
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable failure) {
            if (!(failure instanceof BackPressureFailure)) {
                LOG.warnf(failure, "SSE stream to %s failed", response);
            }
            close();
            abort();
        }

        /**
         * Drops the connection with a TCP reset, and with it what is queued for the client. Vert.x's own close (what
         * {@code response.reset()} does on HTTP/1.1) first waits for that data to be written, which a client that does
         * not read never allows: the connection and its buffers would stay until the idle timeout. Closing from
         * Vert.x's handler on towards the socket skips that wait; Vert.x still sees the connection close.
         */
        private void abort() {
            if (request.connection() instanceof ConnectionBase connection) {
                connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                connection.channelHandlerContext().close();
            } else {
                response.reset();
            }
        }

        @Override
        public void onComplete() {
            close();
            if (!response.ended()) {
                response.end();
            }
        }

        private void close() {
            if (closed.compareAndSet(false, true)) {
                if (heartbeatTimer != -1) {
                    vertx.cancelTimer(heartbeatTimer);
                }
                Flow.Subscription current = subscription;
                if (current != null) {
                    current.cancel();
                }
                onClose.run();
            }
        }
    }

    private Buffer encode(Frame frame) {
        if (frame instanceof Frame.Event event) {
            return event.reminder().sseFrame();
        }
        if (frame instanceof Frame.Reset reset) {
            String data = json.createObjectNode().put("reason", "history-exceeded")
                    .put("lastEventId", reset.lastEventId()).toString();
            return Buffer.buffer("event:reset\ndata:" + data + "\n\n");
        }
        return frame instanceof Frame.Subscribed ? SUBSCRIBED : HEARTBEAT;
    }

    private void refuse(RoutingContext context, Throwable failure) {
        if (failure instanceof AccessDenied denied) {
            if (denied.status() == 401) {
                context.response().putHeader("WWW-Authenticate", "Bearer realm=\"Onstage\"");
            }
            problem(context, Status.fromStatusCode(denied.status()), denied.getMessage(), "token");
        } else if (failure instanceof NotFoundException) {
            problem(context, Status.NOT_FOUND, failure.getMessage(), "attendee");
        } else {
            LOG.error("Could not open a reminder stream", failure);
            problem(context, Status.SERVICE_UNAVAILABLE, "The stream cannot be opened now; retry in a moment.", null);
        }
    }

    private void problem(RoutingContext context, Status status, String detail, String where) {
        if (context.response().closed() || context.response().headWritten()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(Problem.of(status, detail, where, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        context.response().setStatusCode(status.getStatusCode())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE.toString())
                .end(body);
    }

    /** The first value of a query parameter, or null. */
    private static String single(RoutingContext context, String name) {
        List<String> values = context.queryParam(name);
        return values.isEmpty() ? null : values.get(0);
    }
}
