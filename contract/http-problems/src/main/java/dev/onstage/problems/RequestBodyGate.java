package dev.onstage.problems;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Decides, from the request line and headers alone, whether a request body may be read at all; installed ahead of
 * every other route of a service (issue 15: forty anonymous chunked bodies of 15 MB to {@code GET /api/now} were all
 * buffered and filled the heap). Each service says which routes take a body and who may send one ({@link Rules});
 * the mechanism is shared:
 * <ul>
 * <li>A body (Content-Length over 0, or Transfer-Encoding) sent to a route that takes none is answered {@code 413} at
 * once, unread. (An HTTP/2 stream without a length is let through unread: HTTP/2 flow control bounds what a client
 * can push to a stream nobody reads.)</li>
 * <li>On a route that takes one, {@link Rules#admit} runs first (credentials), before any of the body is read.</li>
 * <li>Then the size: a Content-Length over the route's limit is {@code 413} unread; a body of unknown length (chunked)
 * is read here, counted as it arrives and refused with {@code 413} as soon as it goes over, never buffered beyond the
 * limit. A body still incomplete after the body timeout is {@code 408}.</li>
 * </ul>
 * Every refusal is problem+json with {@code Connection: close}: the server closes the connection instead of reading
 * (or discarding) the rest.
 */
public final class RequestBodyGate {

    /** What a service's routes take. */
    public interface Rules {

        /** How many bytes of body the route takes; 0 for a route that takes none (and for unknown routes). */
        long limit(HttpMethod method, String path);

        /**
         * Runs before a body is read on a route that takes one; refuses through {@link RequestBodyGate#refuse} and
         * returns false to keep the body unread. Everyone by default.
         */
        default boolean admit(RoutingContext context, RequestBodyGate gate) {
            return true;
        }
    }

    /** How long a refused connection stays half-open after its answer, for the client to read it. */
    private static final Duration LINGER = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final Duration bodyTimeout;
    private final Rules rules;
    private final Map<Long, BodyHandler> readers = new ConcurrentHashMap<>();

    public RequestBodyGate(Vertx vertx, Duration bodyTimeout, Rules rules) {
        this.vertx = vertx;
        this.bodyTimeout = bodyTimeout;
        this.rules = rules;
    }

    /** Installs the gate ahead of every other route. */
    public void install(Router router) {
        install(router, Integer.MIN_VALUE);
    }

    /** Installs the gate with this route order (lower runs first): ahead of every route that reads a body. */
    public void install(Router router, int order) {
        router.route().order(order).handler(this::handle).failureHandler(context -> {
            if (context.response().ended() || context.failure() instanceof HttpClosedException) {
                return; // refused already, or the client went away while sending: nothing to answer
            }
            if (context.statusCode() == 413) {
                refuse(context, 413, "The body is longer than the " + rules.limit(context.request().method(),
                        context.normalizedPath()) + " bytes that are accepted here.");
                return;
            }
            context.next();
        });
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader("Content-Length");
        long declared = declaredLength(length);
        boolean transferEncoding = request.getHeader("Transfer-Encoding") != null;
        long limit = rules.limit(request.method(), context.normalizedPath());
        if (limit <= 0) {
            if (transferEncoding || declared != 0) {
                refuse(context, 413, request.method() + " " + context.normalizedPath() + " takes no request "
                        + "body; this one was not read.");
            } else {
                // No body, or an HTTP/2 stream without a length (whether DATA follows is not known yet): it is never
                // read here, and HTTP/2 flow control holds what a client may push to one window (64 KB).
                context.next();
            }
            return;
        }
        boolean chunked = transferEncoding
                || (length == null && request.version() == HttpVersion.HTTP_2 && !request.isEnded());
        if (!chunked && declared == 0) {
            context.next(); // no body: the resource answers
            return;
        }
        if (!rules.admit(context, this)) {
            return; // refused
        }
        if (declared > limit) {
            refuse(context, 413, "The body is " + declared + " bytes; at most " + limit + " are accepted here.");
            return;
        }
        if (declared < 0 && !chunked) {
            refuse(context, 400, "The Content-Length '" + length + "' is not a number of bytes.");
            return;
        }
        long timer = vertx.setTimer(bodyTimeout.toMillis(), id -> {
            if (!request.isEnded()) {
                if (context.response().headWritten()) {
                    request.connection().close();
                } else {
                    refuse(context, 408, "The body did not arrive within " + bodyTimeout.toSeconds() + " s.");
                }
            }
        });
        context.addEndHandler(done -> vertx.cancelTimer(timer));
        if (chunked) {
            // Reads the body here, counting as it comes; fails with 413 as soon as it is over the limit.
            readers.computeIfAbsent(limit, l -> BodyHandler.create(false).setBodyLimit(l)).handle(context);
        } else {
            context.next(); // the resource reads a body of known length, no longer than the limit
        }
    }

    /** The Content-Length, 0 without one, -1 when it is not a number. */
    private static long declaredLength(String length) {
        if (length == null) {
            return 0;
        }
        try {
            long value = Long.parseLong(length.strip());
            return value < 0 ? -1 : value;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Answers problem+json, then ends the connection without reading the rest of the body: Vert.x would otherwise
     * keep the connection and read (to discard) whatever the client still sends, whatever Connection header the
     * answer has. The answer is followed by a FIN, so that the client reads it whole; the connection is closed a
     * moment later (a close with unread data sends a reset, which could overtake the answer).
     */
    public void refuse(RoutingContext context, int status, String detail) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        if (response.headWritten()) {
            request.connection().close();
            return;
        }
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        response.setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE.toString());
        if (!http2) {
            response.putHeader("Connection", "close");
        }
        String title = HttpResponseStatus.valueOf(status).reasonPhrase();
        response.end(new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", detail).encode()).onComplete(written -> {
                    if (http2) {
                        return; // the stream is done; flow control stops a client that keeps sending
                    }
                    HttpConnection connection = request.connection();
                    if (written.succeeded() && connection instanceof ConnectionBase base
                            && base.channel() instanceof DuplexChannel channel) {
                        channel.shutdownOutput();
                        vertx.setTimer(LINGER.toMillis(), id -> connection.close());
                    } else {
                        connection.close();
                    }
                });
    }
}
