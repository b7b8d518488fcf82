package dev.onstage.notification.reminders;

import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.onstage.problems.Problem;
import dev.onstage.notification.agenda.AttendeeTokens;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response.Status;

/**
 * {@code GET /api/reminders}: talk events as Server-Sent Events, filtered, resumable, with heartbeats
 * (docs/reminders.md). The transport adapter of {@link ReminderStreams}: it reads the query, and writes the core's
 * frames, already encoded, straight to the connection's Netty channel (chunked by the HTTP encoder there). Refusals are
 * the same problem+json answers as everywhere else.
 */
@ApplicationScoped
public class ReminderSse {

    static final String PATH = "/api/reminders";

    private static final Logger LOG = Logger.getLogger(ReminderSse.class);

    private final ReminderStreams streams;
    private final ObjectMapper json;

    ReminderSse(ReminderStreams streams, ObjectMapper json) {
        this.streams = streams;
        this.json = json;
    }

    void route(@Observes Router router) {
        router.get(PATH).handler(this::open);
        router.route(PATH).handler(context -> {
            context.response().putHeader(HttpHeaders.ALLOW, "GET");
            problem(context, new StreamRefused(405, Problem.clearDetail(405, null,
                    context.request().method().name(), PATH, List.of("GET")), null));
        });
    }

    /**
     * Query: {@code talk}, {@code room}, {@code session}, {@code speaker}, {@code type} (each repeatable),
     * {@code lastEventId} (the {@code Last-Event-ID} header wins), {@code attendee} with its token (a Bearer header,
     * or {@code token} for EventSource, which cannot send headers).
     */
    private void open(RoutingContext context) {
        HttpServerRequest request = context.request();
        ReminderStreams.Request wanted;
        try {
            String header = request.getHeader("Last-Event-ID");
            // The header is what EventSource sends when it reconnects: it is newer than the URL's parameter.
            String lastEventId = header != null && !header.isEmpty() ? header : single(context, "lastEventId");
            wanted = streams.request(context.queryParam("talk"), context.queryParam("room"),
                    context.queryParam("session"), context.queryParam("speaker"), context.queryParam("type"),
                    lastEventId, single(context, "attendee"),
                    AttendeeTokens.token(request.getHeader(HttpHeaders.AUTHORIZATION), single(context, "token")));
        } catch (StreamRefused refused) {
            problem(context, refused);
            return;
        } catch (IllegalArgumentException e) {
            // Vert.x could not decode the query string (a bad %-escape)
            problem(context, new StreamRefused(400, "The query string cannot be read: " + e.getMessage(), "query"));
            return;
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        try {
            streams.admit(Transport.SSE, address);
        } catch (StreamRefused refused) {
            context.response().putHeader(HttpHeaders.RETRY_AFTER, "30");
            problem(context, refused);
            return;
        }
        HttpServerResponse response = context.response()
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                // nginx and others would hold the events back to buffer them
                .putHeader("X-Accel-Buffering", "no");
        ChannelHandlerContext encoder = request.version() == HttpVersion.HTTP_1_1
                && request.connection() instanceof ConnectionBase base
                        ? base.channel().pipeline().context(HttpResponseEncoder.class) : null;
        Connection connection = encoder != null
                ? new OnHttp1((ConnectionBase) request.connection(), encoder, response, address, streams.clientBuffer())
                : new OnResponse(context, address, streams.clientBuffer());
        response.closeHandler(ignored -> streams.closed(connection));
        response.exceptionHandler(ignored -> streams.closed(connection));
        if (response.closed()) {
            // gone before its close handler was set
            streams.closed(connection);
            return;
        }
        streams.subscribe(connection, wanted).subscribe().with(ignored -> { }, failure -> {
            streams.closed(connection);
            problem(context, (StreamRefused) failure);
        });
    }

    /**
     * An HTTP/1.1 stream, written below Vert.x: the head through Vert.x when the first frame goes out (so that a
     * refusal can still be a problem answer until then), then each frame as the whole chunk it already is.
     */
    private static final class OnHttp1 extends Connection.OnChannel {

        private final ConnectionBase base;
        private final HttpServerResponse response;
        private boolean headWritten;

        OnHttp1(ConnectionBase base, ChannelHandlerContext encoder, HttpServerResponse response, String address,
                int clientBuffer) {
            super(Transport.SSE, base.channel(), encoder, address, clientBuffer);
            this.base = base;
            this.response = response;
        }

        @Override
        protected void write0(ByteBuf frame) {
            if (!headWritten) {
                headWritten = true;
                response.writeHead();
            }
            super.write0(frame);
        }

        @Override
        protected void keepAlive() {
            // Through Vert.x's whole pipeline: the HTTP encoder makes it a chunk, the idle timeout sees it.
            channel.writeAndFlush(SseFrames.HEARTBEAT.duplicate(), channel.voidPromise());
        }

        /**
         * Drops the connection with a TCP reset, and with it what is queued for the client. Vert.x's own close first
         * waits for that data to be written, which a client that does not read never allows: the connection and its
         * buffers would stay until the idle timeout. Vert.x still sees the connection close.
         */
        @Override
        protected void drop() {
            base.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            base.channelHandlerContext().close();
        }
    }

    /** Any other HTTP version (HTTP/2 after an h2c upgrade, say): through Vert.x's response, one copy per write. */
    private static final class OnResponse extends Connection {

        private final HttpServerResponse response;

        OnResponse(RoutingContext context, String address, int clientBuffer) {
            super(Transport.SSE, ((ContextInternal) context.vertx().getOrCreateContext()).nettyEventLoop(), address,
                    clientBuffer);
            this.response = context.response();
        }

        @Override
        protected boolean writable() {
            return !response.writeQueueFull();
        }

        @Override
        protected void write0(ByteBuf frame) {
            response.write(Buffer.buffer(SseFrames.unchunked(frame).copy()));
        }

        @Override
        protected void flush0() {
            // Vert.x flushes its own writes.
        }

        @Override
        protected void keepAlive() {
            response.write(Buffer.buffer(SseFrames.HEARTBEAT.copy()));
        }

        @Override
        protected void drop() {
            response.reset();
        }
    }

    private void problem(RoutingContext context, StreamRefused refused) {
        HttpServerResponse response = context.response();
        if (response.closed() || response.headWritten()) {
            return;
        }
        if (refused.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"Onstage\"");
        }
        String body;
        try {
            body = json.writeValueAsString(Problem.of(Status.fromStatusCode(refused.status()), refused.getMessage(),
                    refused.where(), null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (refused.status() >= 500) {
            LOG.debugf("Refusing a reminder stream: %s", refused.getMessage());
        }
        response.setStatusCode(refused.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE.toString())
                .end(body);
    }

    /** The first value of a query parameter, or null. */
    private static String single(RoutingContext context, String name) {
        List<String> values = context.queryParam(name);
        return values.isEmpty() ? null : values.get(0);
    }
}
