package dev.onstage.notification.agenda;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/attendees")
@Produces(MediaType.APPLICATION_JSON)
public class AttendeeResource {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a new attendee gets back once: the token is not stored and cannot be shown again. */
    public record NewAttendee(UUID id, String token) {
    }

    @POST
    @WithTransaction
    public Uni<Response> create() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Attendee attendee = new Attendee();
        attendee.id = UUID.randomUUID();
        attendee.tokenHash = sha256(token);
        return attendee.persist().map(saved -> Response
                .created(URI.create("/api/attendees/" + attendee.id))
                .entity(new NewAttendee(attendee.id, token))
                .build());
    }

    static String sha256(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
