package dev.onstage.notification.push;

import java.net.URI;
import java.util.UUID;


import dev.onstage.problems.BadRequest;
import dev.onstage.notification.agenda.AttendeeTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An attendee's push devices: {@code PUT} registers the browser's {@code PushSubscription.toJSON()}, {@code DELETE}
 * removes it. Same token rules and problems as the favourites (docs/reminders.md, "Web Push").
 */
@Path("/api/attendees/{id}/push-subscriptions")
@Produces(MediaType.APPLICATION_JSON)
public class PushSubscriptionResource {

    /** What a PUT answers: the device as stored. */
    public record Device(String endpoint) {
    }

    private final AttendeeTokens tokens;
    private final Pool pool;
    private final PushSender sender;
    private final boolean allowInsecure;
    private final int maxDevices;

    PushSubscriptionResource(AttendeeTokens tokens, Pool pool, PushSender sender,
            PushConfig config) {
        this.tokens = tokens;
        this.pool = pool;
        this.sender = sender;
        this.allowInsecure = config.allowInsecureEndpoints();
        this.maxDevices = config.maxDevices();
    }

    /** Registers a device, or updates its keys: 201 when new, 200 when the endpoint was known. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> register(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            PushSubscriptionBody body) {
        Uni<UUID> owner = tokens.owner(id, auth);
        if (body == null) {
            throw new BadRequest("body", "The body is the browser's PushSubscription.toJSON().");
        }
        PushSubscriptionBody.Checked device = body.check(allowInsecure);
        sender.checkKeys(device);
        // The count excludes this endpoint, so re-registering a known device never hits the limit. The endpoint names
        // one browser profile: registered by another attendee, it moves to this one (the browser now belongs here).
        return owner.chain(attendee -> pool.preparedQuery("""
                        INSERT INTO notification.push_device (id, attendee_id, endpoint, p256dh, auth)
                        SELECT $1, $2, $3, $4, $5
                         WHERE (SELECT count(*) FROM notification.push_device
                                 WHERE attendee_id = $2 AND endpoint <> $3) < $6
                        ON CONFLICT (endpoint) DO UPDATE
                           SET attendee_id = excluded.attendee_id, p256dh = excluded.p256dh, auth = excluded.auth
                        RETURNING (xmax = 0) AS created""")
                        .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(attendee)
                                .addString(device.endpoint()).addString(device.p256dhText())
                                .addString(device.authText()).addInteger(maxDevices))
                        .map(rows -> {
                            if (rows.size() == 0) {
                                throw new TooManyDevices(maxDevices);
                            }
                            boolean created = rows.iterator().next().getBoolean("created");
                            return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                                    .location(URI.create("/api/attendees/" + attendee + "/push-subscriptions"))
                                    .entity(new Device(device.endpoint())).build();
                        }));
    }

    /**
     * Removes a device, named by the same body as the PUT (only its endpoint is read) or by {@code ?endpoint=}: 204,
     * also when it was not registered (the result is the same).
     */
    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> remove(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @QueryParam("endpoint") String endpointParam, PushSubscriptionBody body) {
        Uni<UUID> owner = tokens.owner(id, auth);
        String given = endpointParam != null ? endpointParam : body == null ? null : body.endpoint();
        // Any URL scheme is looked up: a device registered while http was allowed can still be removed.
        String endpoint = PushSubscriptionBody.checkEndpoint(given, true);
        return owner.chain(attendee -> pool.preparedQuery(
                        "DELETE FROM notification.push_device WHERE attendee_id = $1 AND endpoint = $2")
                        .execute(Tuple.of(attendee, endpoint)))
                .replaceWith(Response.noContent().build());
    }
}
