package dev.onstage.notification.agenda;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;


import dev.onstage.problems.BadRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Attendees and their personal agendas. An attendee is created anonymously and gets a secret token once; every
 * other call on the attendee needs it ({@code Authorization: Bearer <token>}). See docs/reminders.md.
 */
@Path("/api/attendees")
@Produces(MediaType.APPLICATION_JSON)
public class AttendeeResource {

    /** What a new attendee gets back once: the token is not stored and cannot be shown again. */
    public record NewAttendee(UUID id, String token) {
    }

    /** A favourite as the API shows it; {@code addedAt} is left out of the answer to a PUT. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record FavouriteView(String talkId, int leadMinutes, Instant addedAt) {
    }

    /** The body of PUT .../favourites/{talkId}; empty or absent means the default lead time. */
    public record FavouriteRequest(Integer leadMinutes) {
    }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AttendeeResource.class);

    private final AttendeeTokens tokens;
    private final Agendas agendas;
    private final List<Integer> leadMinutes;
    private final int maxFavourites;

    AttendeeResource(AttendeeTokens tokens, Agendas agendas,
            AgendasConfig config) {
        this.tokens = tokens;
        this.agendas = agendas;
        this.leadMinutes = List.copyOf(config.leadMinutes());
        this.maxFavourites = config.maxFavourites();
    }

    @jakarta.inject.Inject
    AttendeeCreations creations;

    @jakarta.inject.Inject
    KnownTalks talks;

    /** Limited per client address (AttendeeCreations): 429 with Retry-After beyond. */
    @POST
    public Uni<Response> create(@jakarta.ws.rs.core.Context io.vertx.core.http.HttpServerRequest request) {
        creations.admit(dev.onstage.notification.reminders.ClientAddress.of(request));
        return tokens.create().map(created -> Response
                .created(URI.create("/api/attendees/" + created.id()))
                .entity(created)
                .build());
    }

    /**
     * A new token for this device (the old one stops working; the attendee's other devices keep theirs):
     * {@code {"id":...,"token":...}}, shown once.
     */
    @POST
    @Path("{id}/token")
    public Uni<NewAttendee> rotateToken(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        UUID attendee = AttendeeTokens.attendeeId(id, "id");
        return tokens.rotate(attendee, AttendeeTokens.token(auth, null)).map(token -> new NewAttendee(attendee, token));
    }

    /** Forgets the attendee and their favourites. */
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return tokens.owner(id, auth)
                .chain(attendee -> Panache.withTransaction(() -> Attendee.deleteById(attendee)
                        .call(() -> notifyChanged(attendee)))
                        .call(() -> agendas.changed(attendee)))
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("{id}/favourites")
    public Uni<List<FavouriteView>> favourites(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return tokens.owner(id, auth)
                .chain(attendee -> Panache.withSession(() -> Favourite.<Favourite>list(
                        "attendeeId = ?1 order by addedAt, talkId", attendee)))
                .map(list -> list.stream().map(f -> new FavouriteView(f.talkId, f.leadMinutes, f.addedAt)).toList());
    }

    /** Adds a favourite, or changes its lead time: 201 when it is new, 200 when it was there. */
    @PUT
    @Path("{id}/favourites/{talkId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> addFavourite(@PathParam("id") String id, @PathParam("talkId") String talkId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, FavouriteRequest request) {
        Uni<UUID> owner = tokens.owner(id, auth);
        checkTalkId(talkId);
        int lead = request == null || request.leadMinutes() == null ? leadMinutes.get(0) : request.leadMinutes();
        if (!leadMinutes.contains(lead)) {
            throw new BadRequest("leadMinutes", "Reminders can come " + leadMinutes
                    + " minutes before a talk (0: when it starts); not " + lead + ".");
        }
        return owner
                .invoke(ok -> talks.require(talkId)) // only talks in the programme: 404 otherwise
                .chain(attendee -> storeFavourite(attendee, talkId, lead));
    }

    private Uni<Response> storeFavourite(UUID attendee, String talkId, int lead) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("""
                                INSERT INTO notification.favourite (attendee_id, talk_id, lead_minutes)
                                SELECT ?1, ?2, ?3
                                 WHERE (SELECT count(*) FROM notification.favourite
                                         WHERE attendee_id = ?1 AND talk_id <> ?2) < ?4
                                ON CONFLICT (attendee_id, talk_id) DO UPDATE SET lead_minutes = excluded.lead_minutes
                                RETURNING (xmax = 0)
                                """, Boolean.class)
                        .setParameter(1, attendee).setParameter(2, talkId).setParameter(3, lead)
                        .setParameter(4, maxFavourites)
                        .getResultList())
                        .call(created -> created.isEmpty() ? Uni.createFrom().voidItem() : notifyChanged(attendee)))
                .call(created -> created.isEmpty() ? Uni.createFrom().failure(new TooManyFavourites(maxFavourites))
                        : agendas.changed(attendee))
                .map(created -> Response.status(created.get(0) ? Response.Status.CREATED : Response.Status.OK)
                            .entity(new FavouriteView(talkId, lead, null)).build());
    }

    /** Removes a favourite; 204 also when it was not one (the result is the same). */
    @DELETE
    @Path("{id}/favourites/{talkId}")
    public Uni<Response> removeFavourite(@PathParam("id") String id, @PathParam("talkId") String talkId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        Uni<UUID> owner = tokens.owner(id, auth);
        checkTalkId(talkId);
        return owner
                .chain(attendee -> Panache.withTransaction(() -> Favourite.delete("attendeeId = ?1 and talkId = ?2",
                        attendee, talkId).call(() -> notifyChanged(attendee)))
                        .invoke(deleted -> LOG.debugf("Attendee %s: %d favourite %s removed", attendee, deleted, talkId))
                        .call(() -> agendas.changed(attendee)))
                .replaceWith(Response.noContent().build());
    }

    /** 1 to 200 characters, no control characters (PostgreSQL cannot even store U+0000). */
    private static void checkTalkId(String talkId) {
        if (talkId.isBlank() || talkId.length() > 200) {
            throw new BadRequest("talkId", "A talk id has 1 to 200 characters.");
        }
        if (talkId.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new BadRequest("talkId", "A talk id has no control characters.");
        }
    }

    private static Uni<Void> notifyChanged(UUID attendee) {
        return Panache.getSession().chain(session -> session.createNativeQuery(Agendas.notifySql())
                .setParameter(1, attendee.toString()).getSingleResult()).replaceWithVoid();
    }

    /** The agenda is full. */
    public static class TooManyFavourites extends RuntimeException {
        TooManyFavourites(int max) {
            super("An agenda holds at most " + max + " favourites; remove one first.");
        }
    }
}
