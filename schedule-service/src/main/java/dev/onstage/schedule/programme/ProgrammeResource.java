package dev.onstage.schedule.programme;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.onstage.schedule.clock.ProgrammeClock;
import dev.onstage.problems.BadRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** The public, read-only programme. Served from memory: see {@link ProgrammeSnapshot}. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ProgrammeResource {

    @Inject
    Programme programme;

    @Inject
    ProgrammeClock clock;

    @GET
    @Path("/sessions")
    @Operation(summary = "All sessions, by start time")
    public List<SessionView> sessions() {
        return programme.snapshot().sessions();
    }

    @GET
    @Path("/talks")
    @Operation(summary = "Talks, by start time, optionally filtered")
    public List<TalkView> talks(
            @Parameter(description = "conference id, e.g. icml2022") @QueryParam("conference") String conference,
            @Parameter(description = "session id") @QueryParam("session") String session,
            @Parameter(description = "room name, exactly") @QueryParam("room") String room,
            @Parameter(description = "words to find in the title or a speaker's name, any case") @QueryParam("q") String q,
            @Parameter(description = "only talks still running at or after this ISO-8601 instant") @QueryParam("from") String from,
            @Parameter(description = "only talks starting before this ISO-8601 instant") @QueryParam("to") String to,
            @Context UriInfo uri) {
        // As written: "from=" is a mistake, not "no filter".
        from = uri.getQueryParameters().getFirst("from");
        to = uri.getQueryParameters().getFirst("to");
        Predicate<TalkView> filter = talk -> true;
        if (conference != null) {
            filter = filter.and(talk -> talk.conferenceId().equals(conference));
        }
        if (session != null) {
            filter = filter.and(talk -> talk.sessionId().equals(session));
        }
        if (room != null) {
            filter = filter.and(talk -> talk.room().equals(room));
        }
        if (q != null && !q.isBlank()) {
            String needle = q.strip().toLowerCase(Locale.ROOT);
            filter = filter.and(talk -> talk.title().toLowerCase(Locale.ROOT).contains(needle)
                    || talk.speakers().stream().anyMatch(s -> s.toLowerCase(Locale.ROOT).contains(needle)));
        }
        if (from != null) {
            Instant after = instant("from", from);
            filter = filter.and(talk -> talk.end().toInstant().isAfter(after));
        }
        if (to != null) {
            Instant before = instant("to", to);
            filter = filter.and(talk -> talk.start().toInstant().isBefore(before));
        }
        return programme.snapshot().talks().stream().filter(filter).toList();
    }

    @GET
    @Path("/talks/{id}")
    @Operation(summary = "One talk")
    public TalkView talk(@PathParam("id") String id) {
        TalkView talk = programme.snapshot().talk(id);
        if (talk == null) {
            throw new NotFoundException("There is no talk " + id + ".");
        }
        return talk;
    }

    @GET
    @Path("/now")
    @Operation(summary = "What is on stage in each room, and what comes next",
            description = "At the given instant, or by default at the clock's programme time.")
    public NowOnStage now(@Parameter(description = "ISO-8601 instant, e.g. 2022-07-21T14:32:00Z") @QueryParam("at") String at,
            @Parameter(description = "conference id, e.g. icml2022: only its rooms, its time zone; by default the "
                    + "rooms of every conference") @QueryParam("conference") String conference,
            @Context UriInfo uri) {
        at = uri.getQueryParameters().getFirst("at"); // as written: "at=" is a mistake, not "now"
        Instant instant = at == null ? clock.now() : instant("at", at);
        ProgrammeSnapshot snapshot = programme.snapshot();
        if (conference == null) {
            return snapshot.now(instant);
        }
        if (snapshot.conference(conference) == null) {
            throw new NotFoundException("There is no conference " + conference + ".");
        }
        return snapshot.now(instant, conference);
    }

    @GET
    @Path("/conferences")
    @Operation(summary = "The conferences in the programme",
            description = "By first start; the one going on at the clock's programme time (else the next, else the last) "
                    + "is marked current.")
    public List<ConferenceView> conferences() {
        return programme.snapshot().conferences(clock.now());
    }

    static Instant instant(String parameter, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequest(parameter, "'" + parameter + "' must be an ISO-8601 instant with an offset, such as "
                    + "2022-07-21T07:30:00-07:00 or 2022-07-21T14:30:00Z; '" + value + "' is not one.");
        }
    }
}
