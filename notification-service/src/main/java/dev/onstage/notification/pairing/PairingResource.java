package dev.onstage.notification.pairing;

import java.net.URI;

import dev.onstage.notification.reminders.ClientAddress;
import dev.onstage.problems.BadRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/pairings} with {@code {"code": "..."}}: the device redeeming a pairing code gets its own token for
 * the code's attendee, {@code {"id":...,"token":...}} (201), shown once. Anonymous, limited per client address
 * ({@link PairingRedemptions}).
 */
@Path("/api/pairings")
@Produces(MediaType.APPLICATION_JSON)
public class PairingResource {

    /** The body: the code as shown or typed (dashes and case do not matter). */
    public record PairingRequest(String code) {
    }

    private final PairingCodes codes;
    private final PairingRedemptions redemptions;

    PairingResource(PairingCodes codes, PairingRedemptions redemptions) {
        this.codes = codes;
        this.redemptions = redemptions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> redeem(@Context HttpServerRequest request, PairingRequest body) {
        redemptions.admit(ClientAddress.of(request));
        if (body == null) {
            throw new BadRequest("code", "The body is {\"code\": \"XXXX-XXXX-XXXX\"}.");
        }
        return codes.redeem(body.code()).map(paired -> Response
                .created(URI.create("/api/attendees/" + paired.id()))
                .entity(paired).build());
    }
}
