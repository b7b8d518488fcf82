package dev.onstage.notification.calendar;

import java.net.URI;

import dev.onstage.notification.agenda.AttendeeTokens;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * An attendee's calendar feed: {@code POST} issues its URL (a new one each time: the one before stops working),
 * {@code DELETE} revokes it. Same token rules and problems as the favourites (docs/reminders.md, "Calendar feed").
 */
@Path("/api/attendees/{id}/calendar-feed")
@Produces(MediaType.APPLICATION_JSON)
public class AttendeeCalendarFeedResource {

    /** What a POST answers: the feed's URL, with its secret key; shown once (only the key's digest is kept). */
    public record Feed(String url) {
    }

    private final AttendeeTokens tokens;
    private final FeedKeys keys;

    AttendeeCalendarFeedResource(AttendeeTokens tokens, FeedKeys keys) {
        this.tokens = tokens;
        this.keys = keys;
    }

    @POST
    public Uni<Response> issue(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @Context UriInfo uri) {
        return tokens.owner(id, auth)
                .chain(attendee -> keys.issue(attendee))
                .map(key -> {
                    // As the client reached this service (behind a trusted proxy, as the proxy was reached).
                    URI url = uri.getBaseUriBuilder().path("api/calendar-feeds/{file}").build(key + ".ics");
                    return Response.created(url).entity(new Feed(url.toString())).build();
                });
    }

    /** Revokes the feed: its URL answers 404 from now on. 204, also when there was none (the result is the same). */
    @DELETE
    public Uni<Response> revoke(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return tokens.owner(id, auth)
                .chain(attendee -> keys.revoke(attendee))
                .replaceWith(Response.noContent().build());
    }
}
