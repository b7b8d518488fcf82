package dev.onstage.notification.agenda;

import java.util.UUID;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/stream-tickets?attendee={id}} with the attendee's token as a Bearer header: a ticket that opens the
 * attendee's stream once, within a minute ({@link StreamTickets}, docs/reminders.md).
 */
@Path("/api/stream-tickets")
@Produces(MediaType.APPLICATION_JSON)
public class StreamTicketResource {

    private final StreamTickets tickets;

    StreamTicketResource(StreamTickets tickets) {
        this.tickets = tickets;
    }

    @POST
    public Uni<Response> issue(@QueryParam("attendee") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        UUID attendee = AttendeeTokens.attendeeId(id, "attendee");
        return tickets.issue(attendee, AttendeeTokens.token(auth, null))
                .map(ticket -> Response.status(Response.Status.CREATED).entity(ticket).build());
    }
}
