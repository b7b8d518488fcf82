package dev.onstage.notification.pairing;

import java.net.URI;
import java.util.UUID;

import dev.onstage.notification.agenda.AttendeeTokens;
import dev.onstage.problems.BadRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/attendees/{id}/pairing-codes} with the attendee's token as a Bearer header: a short-lived,
 * single-use code for another device, with the link that redeems it and that link as a QR code
 * ({@link PairingCodes}, docs/reminders.md "A second device").
 */
@Path("/api/attendees/{id}/pairing-codes")
@Produces(MediaType.APPLICATION_JSON)
public class PairingCodeResource {

    private final PairingCodes codes;

    PairingCodeResource(PairingCodes codes) {
        this.codes = codes;
    }

    @POST
    public Uni<Response> issue(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @Context HttpServerRequest request) {
        UUID attendee = AttendeeTokens.attendeeId(id, "id");
        String pageUrl = pageUrl(request);
        return codes.issue(attendee, AttendeeTokens.token(auth, null), pageUrl)
                .map(code -> Response.status(Response.Status.CREATED).entity(code).build());
    }

    /**
     * The page's origin as the client reached it: scheme and host of the request, which Quarkus takes from
     * X-Forwarded-Proto and the Host header only behind a trusted proxy (the edge and the Ingress pass both).
     */
    static String pageUrl(HttpServerRequest request) {
        try {
            URI uri = URI.create(request.absoluteURI());
            if (uri.getScheme() != null && uri.getRawAuthority() != null) {
                return uri.getScheme() + "://" + uri.getRawAuthority();
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // below
        }
        throw new BadRequest("Host", "The Host header does not name this service.");
    }
}
