package dev.onstage.schedule.problems;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.onstage.problems.RequestBodyGate;
import dev.onstage.schedule.organizers.OrganizerIdentityProvider;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Which of schedule-service's routes take a body, and who may send one; the shared {@link RequestBodyGate} refuses
 * every other body unread (issue 15: forty anonymous chunked bodies of 15 MB to {@code GET /api/now} were all
 * buffered and filled the heap).
 * <ul>
 * <li>Only three routes take a body, all for organizers: {@code POST /api/programme} (imports, up to
 * {@code quarkus.http.limits.max-body-size}), {@code PATCH /api/talks/{id}} and {@code PUT /api/clock} (JSON, up to
 * {@code onstage.http.max-edit-body-size}).</li>
 * <li>On those three routes the organizer's credentials are checked first: without them {@code 401}, without the
 * organizer role {@code 403}, both before any of the body is read.</li>
 * </ul>
 * The resources check the credentials again ({@code @RolesAllowed}); this gate only keeps bodies from being read for
 * nothing.
 */
@ApplicationScoped
public class BodyGate implements RequestBodyGate.Rules {

    // Quarkus' own setting, not ours: read where it is used.
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize importLimit;

    @Inject
    HttpConfig config;

    @Inject
    OrganizerIdentityProvider organizers;

    @Inject
    Vertx vertx;

    private RequestBodyGate gate;

    /** After the security headers and LoginBackoff, which holds back a locked address's credentials first. */
    void install(@Observes Router router) {
        gate = new RequestBodyGate(vertx, config.bodyTimeout(), this);
        gate.install(router, Integer.MIN_VALUE + 2);
    }

    /** Answers problem+json and ends the connection without reading a body (RequestBodyGate#refuse). */
    public void refuse(RoutingContext context, int status, String detail) {
        gate.refuse(context, status, detail);
    }

    @Override
    public long limit(HttpMethod method, String path) {
        return limit(method, path, importLimit.asLongValue(), config.maxEditBodySize().asLongValue());
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

    /** Checks HTTP Basic credentials of an organizer; otherwise answers 401 or 403 and returns false. */
    @Override
    public boolean admit(RoutingContext context, RequestBodyGate gate) {
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
            gate.refuse(context, 401, "Organizer credentials are needed (HTTP Basic); the body was not read.");
            return false;
        }
        if (!roles.contains(OrganizerIdentityProvider.ROLE)) {
            gate.refuse(context, 403, "This needs the organizer role; the body was not read.");
            return false;
        }
        return true;
    }
}
