package dev.onstage.notification.problems;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.onstage.problems.RequestBodyGate;
import dev.onstage.notification.agenda.AttendeeTokens;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Which of notification-service's routes take a body; the shared {@link RequestBodyGate} refuses every other body
 * unread, before routing (issue 15, item 1). Only {@code PUT /api/attendees/{id}/favourites/{talkId}} and {@code PUT}
 * or {@code DELETE /api/attendees/{id}/push-subscriptions} take one (a small JSON object, up to
 * {@code quarkus.http.limits.max-body-size}), and only with a Bearer token: without one it is {@code 401} before any
 * of the body is read. {@code POST /api/pairings} is the one anonymous body: a pairing code, at most
 * {@value #PAIRING_BODY} bytes. A new route that takes a body must be listed in {@link #limit}.
 */
@ApplicationScoped
public class BodyGate implements RequestBodyGate.Rules {

    private static final String ATTENDEES = "/api/attendees/";
    private static final String PAIRINGS = "/api/pairings";
    /** {@code {"code": "XXXX-XXXX-XXXX"}} with room to spare. */
    static final int PAIRING_BODY = 1024;

    // Quarkus' own setting, not ours: read where it is used.
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBody;

    @Inject
    HttpConfig config;

    @Inject
    Vertx vertx;

    /** Right after the security headers (web/SecurityHeaders), ahead of every other route. */
    void install(@Observes Router router) {
        new RequestBodyGate(vertx, config.bodyTimeout(), this).install(router, Integer.MIN_VALUE + 1);
    }

    @Override
    public long limit(HttpMethod method, String path) {
        if (method == HttpMethod.POST && path.equals(PAIRINGS)) {
            return PAIRING_BODY;
        }
        boolean takesBody = method == HttpMethod.PUT && isFavourite(path)
                || (method == HttpMethod.PUT || method == HttpMethod.DELETE) && isPushSubscriptions(path);
        return takesBody ? maxBody.asLongValue() : 0;
    }

    /** {@code /api/attendees/{id}/favourites/{talkId}}: four segments after {@code /api}. */
    static boolean isFavourite(String path) {
        if (!path.startsWith(ATTENDEES)) {
            return false;
        }
        String[] rest = path.substring(ATTENDEES.length()).split("/", -1);
        return rest.length == 3 && !rest[0].isEmpty() && rest[1].equals("favourites") && !rest[2].isEmpty();
    }

    /** {@code /api/attendees/{id}/push-subscriptions}: a device's Web Push subscription (docs/reminders.md). */
    static boolean isPushSubscriptions(String path) {
        if (!path.startsWith(ATTENDEES)) {
            return false;
        }
        String[] rest = path.substring(ATTENDEES.length()).split("/", -1);
        return rest.length == 2 && !rest[0].isEmpty() && rest[1].equals("push-subscriptions");
    }

    @Override
    public boolean admit(RoutingContext context, RequestBodyGate gate) {
        if (context.normalizedPath().equals(PAIRINGS)) {
            return true; // anonymous: the second device has no token yet (limited per address, PairingRedemptions)
        }
        String token = AttendeeTokens.token(context.request().getHeader("Authorization"), null);
        if (token == null || token.isBlank()) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            gate.refuse(context, 401, "The attendee's token is needed (Authorization: Bearer); the body was not read.");
            return false;
        }
        return true;
    }
}
