package dev.onstage.notification.push;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The VAPID public key the page subscribes with ({@code applicationServerKey}). */
@Path("/api/push/public-key")
public class PushKeyResource {

    public record PublicKey(String publicKey) {
    }

    private final VapidKeyring keys;

    PushKeyResource(VapidKeyring keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public PublicKey publicKey() {
        return new PublicKey(keys.publicKey());
    }
}
