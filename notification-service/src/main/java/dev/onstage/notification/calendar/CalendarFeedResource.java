package dev.onstage.notification.calendar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/**
 * A calendar feed, read by calendar apps without any token: the secret key in the URL is the only credential and it
 * only reads. Anything that is not a live feed's URL (malformed, unknown, replaced or revoked key) is a 404.
 */
@Path("/api/calendar-feeds")
public class CalendarFeedResource {

    static final String TEXT_CALENDAR = "text/calendar; charset=utf-8";
    private static final String SUFFIX = ".ics";

    private final FeedKeys keys;
    private final FeedTalks talks;
    private final TalkSequences sequences;

    CalendarFeedResource(FeedKeys keys, FeedTalks talks, TalkSequences sequences) {
        this.keys = keys;
        this.talks = talks;
        this.sequences = sequences;
    }

    @GET
    @Path("{file}")
    @Produces({ TEXT_CALENDAR, "application/problem+json" })
    public Uni<Response> feed(@PathParam("file") String file, @Context Request request) {
        if (!file.endsWith(SUFFIX)) {
            throw notFound();
        }
        return keys.open(file.substring(0, file.length() - SUFFIX.length()))
                .map(agenda -> agenda.orElseThrow(CalendarFeedResource::notFound))
                .chain(agenda -> {
                    // Starred talks the programme no longer has (or not yet, right after a start) are left out.
                    List<FeedTalk> shown = agenda.favourites().keySet().stream()
                            .flatMap(id -> talks.get(id).stream()).toList();
                    return sequences.shown(shown).map(numbers -> {
                        List<FeedCalendar.Entry> entries = new ArrayList<>();
                        for (FeedTalk talk : shown) {
                            entries.add(new FeedCalendar.Entry(talk, agenda.favourites().get(talk.id()),
                                    numbers.getOrDefault(talk.id(), 0)));
                        }
                        return entries;
                    });
                })
                // Building it reads time-zone data: not on the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(entries -> {
                    String body = FeedCalendar.of(entries);
                    EntityTag tag = new EntityTag(digest(body));
                    CacheControl cache = new CacheControl();
                    cache.setPrivate(true);
                    cache.setNoCache(true);
                    Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
                    Response.ResponseBuilder answer = unchanged != null ? unchanged
                            : Response.ok(body, TEXT_CALENDAR)
                                    .header("Content-Disposition", "inline; filename=\"onstage-agenda.ics\"");
                    return answer.tag(tag).cacheControl(cache).build();
                });
    }

    private static NotFoundException notFound() {
        return new NotFoundException("There is no calendar feed at this address: it was revoked or replaced by a newer "
                + "one, or never issued.");
    }

    private static String digest(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
