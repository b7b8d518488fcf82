package dev.onstage.schedule.problems;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.onstage.problems.Problem;
import dev.onstage.schedule.organizers.OrganizerIdentityProvider;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Decides, from the request line and headers alone, whether a request body may be read at all; it runs before every
 * other route (issue 15: forty anonymous chunked bodies of 15 MB to {@code GET /api/now} were all buffered and filled
 * the heap).
 * <ul>
 * <li>Only three routes take a body, all for organizers: {@code POST /api/programme} (imports, up to
 * {@code quarkus.http.limits.max-body-size}), {@code PATCH /api/talks/{id}} and {@code PUT /api/clock} (JSON, up to
 * {@code onstage.http.max-edit-body-size}). A body (Content-Length over 0 or Transfer-Encoding) sent anywhere else is
 * answered {@code 413} at once, unread. (An HTTP/2 stream without a length is let through unread: HTTP/2 flow control
 * bounds what a client can push to a stream nobody reads.)</li>
 * <li>On those three routes the organizer's credentials are checked first: without them {@code 401}, without the
 * organizer role {@code 403}, both before any of the body is read.</li>
 * <li>Then the size: a Content-Length over the route's limit is {@code 413} unread; a body of unknown length
 * (chunked) is read here, counted as it arrives and refused with {@code 413} as soon as it goes over, never
 * buffered beyond the limit. A body still incomplete after {@code onstage.http.body-timeout} is {@code 408}.</li>
 * </ul>
 * Every refusal is problem+json with {@code Connection: close}: the server closes the connection instead of reading
 * (or discarding) the rest. The resources check the credentials again ({@code @RolesAllowed}); this gate only keeps
 * bodies from being read for nothing.
 */
@ApplicationScoped
public class BodyGate {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize importLimit;

    @ConfigProperty(name = "onstage.http.max-edit-body-size", defaultValue = "64K")
    MemorySize editLimit;

    @ConfigProperty(name = "onstage.http.body-timeout", defaultValue = "120s")
    Duration bodyTimeout;

    @Inject
    OrganizerIdentityProvider organizers;

    @Inject
    Vertx vertx;

    void install(@Observes Router router) {
        long imports = importLimit.asLongValue();
        long edits = editLimit.asLongValue();
        BodyHandler importBodies = BodyHandler.create(false).setBodyLimit(imports);
        BodyHandler editBodies = BodyHandler.create(false).setBodyLimit(edits);
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            HttpServerRequest request = context.request();
            String length = request.getHeader("Content-Length");
            long declared = declaredLength(length);
            boolean transferEncoding = request.getHeader("Transfer-Encoding") != null;
            long limit = limit(request.method(), context.normalizedPath(), imports, edits);
            if (limit == 0) {
                if (transferEncoding || declared != 0) {
                    refuse(context, 413, request.method() + " " + context.normalizedPath() + " takes no request "
                            + "body; this one was not read.");
                } else {
                    // No body, or an HTTP/2 stream without a length (whether DATA follows is not known yet): it is
                    // never read here, and HTTP/2 flow control holds what a client may push to one window (64 KB).
                    context.next();
                }
                return;
            }
            boolean chunked = transferEncoding
                    || (length == null && request.version() == HttpVersion.HTTP_2 && !request.isEnded());
            if (!chunked && declared == 0) {
                context.next(); // no body: the resource answers (401 without credentials)
                return;
            }
            if (!organizer(context)) {
                return; // answered 401 or 403
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
                // Reads the body here, counting as it comes; fails with 413 (below) as soon as it is over the limit.
                (limit == imports ? importBodies : editBodies).handle(context);
            } else {
                context.next(); // Quarkus REST reads a body of known length, no longer than the limit
            }
        }).failureHandler(context -> {
            if (context.response().ended() || context.failure() instanceof HttpClosedException) {
                return; // refused already, or the client went away while sending: nothing to answer
            }
            if (context.statusCode() == 413) {
                refuse(context, 413, "The body is longer than the " + limit(context.request().method(),
                        context.normalizedPath(), imports, edits) + " bytes that are accepted here.");
                return;
            }
            context.next();
        });
    }

    /** How many bytes of body the route takes, 0 for a route that takes none. */
    static long limit(HttpMethod method, String path, long imports, long edits) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (method == HttpMethod.POST && p.equals("/api/programme")) {
            return imports;
        }
        if ((method == HttpMethod.PATCH && p.startsWith("/api/talks/") && p.indexOf('/', "/api/talks/".length()) < 0
                && p.length() > "/api/talks/".length())
                || (method == HttpMethod.PUT && p.equals("/api/clock"))) {
            return edits;
        }
        return 0;
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

    /** Checks HTTP Basic credentials of an organizer; otherwise answers 401 or 403 and returns false. */
    private boolean organizer(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        String user = null;
        String password = null;
        if (authorization != null && authorization.length() > 6
                && authorization.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon >= 0) {
                    user = pair.substring(0, colon);
                    password = pair.substring(colon + 1);
                }
            } catch (IllegalArgumentException notBase64) {
                // below
            }
        }
        Set<String> roles = user == null ? null : organizers.roles(user, password);
        if (roles == null) {
            context.response().putHeader("WWW-Authenticate", "Basic realm=\"Onstage\"");
            refuse(context, 401, "Organizer credentials are needed (HTTP Basic); the body was not read.");
            return false;
        }
        if (!roles.contains(OrganizerIdentityProvider.ROLE)) {
            refuse(context, 403, "This needs the organizer role; the body was not read.");
            return false;
        }
        return true;
    }

    /**
     * Answers problem+json, then ends the connection without reading the rest of the body: Vert.x would otherwise
     * keep the connection and read (to discard) whatever the client still sends, whatever Connection header the
     * answer has. The answer is followed by a FIN, so that the client reads it whole; the connection is closed a
     * moment later (a close with unread data sends a reset, which could overtake the answer).
     */
    private void refuse(RoutingContext context, int status, String detail) {
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

    /** How long a refused connection stays half-open after its answer, for the client to read it. */
    private static final Duration LINGER = Duration.ofSeconds(1);
}
