package dev.onstage.schedule.calendar;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.onstage.problems.BadRequest;
import dev.onstage.schedule.programme.Programme;
import dev.onstage.schedule.programme.ProgrammeSnapshot;
import dev.onstage.schedule.programme.Talk;
import dev.onstage.schedule.programme.TalkView;
import dev.onstage.schedule.programme.imports.Texts;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;

/**
 * Talks as iCalendar, for attendees' own calendars. Times are written in the programme's IANA zone with its
 * VTIMEZONE (never a zone abbreviation), so a calendar shows them at the right local time anywhere.
 */
@Path("/api")
@Produces(CalendarResource.TEXT_CALENDAR)
public class CalendarResource {

    static final String TEXT_CALENDAR = "text/calendar";
    static final int MAX_TALKS = 500;

    private static final TimeZoneRegistry ZONES = TimeZoneRegistryFactory.getInstance().createRegistry();

    @Inject
    Programme programme;

    @GET
    @Path("/talks/{id}/calendar.ics")
    @Operation(summary = "One talk as an iCalendar event")
    public String talk(@PathParam("id") String id) {
        return calendarOf(List.of(id));
    }

    @GET
    @Path("/calendar.ics")
    @Operation(summary = "Several talks as one iCalendar file")
    public String talks(@Parameter(description = "talk ids, comma-separated", required = true)
            @QueryParam("talks") String talks) {
        if (talks == null || talks.isBlank()) {
            throw new BadRequest("talks", "'talks' must list at least one talk id, comma-separated.");
        }
        List<String> ids = Arrays.stream(talks.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        if (ids.isEmpty()) {
            throw new BadRequest("talks", "'talks' must list at least one talk id, comma-separated; '" + talks
                    + "' names none.");
        }
        if (ids.size() > MAX_TALKS) {
            throw new BadRequest("talks", "At most " + MAX_TALKS + " talks fit in one calendar; " + ids.size() + " were asked for.");
        }
        return calendarOf(ids);
    }

    private String calendarOf(List<String> ids) {
        ProgrammeSnapshot snapshot = programme.snapshot();
        List<String> unknown = ids.stream().filter(id -> snapshot.talk(id) == null).toList();
        if (!unknown.isEmpty()) {
            throw new NotFoundException("There is no talk " + String.join(", ", unknown) + ".");
        }
        Calendar calendar = new Calendar()
                .withProdId("-//Onstage//Onstage conference reminders//EN")
                .withDefaults()
                .getFluentTarget();
        Map<String, ZoneId> zones = new LinkedHashMap<>();
        for (String id : ids) {
            TalkView talk = snapshot.talk(id);
            ZoneId zone = ZoneId.of(snapshot.conference(talk.conferenceId()).timeZone);
            zones.putIfAbsent(zone.getId(), zone);
            calendar.add(event(talk, zone));
        }
        zones.values().stream()
                .filter(zone -> !inUtc(zone))
                .forEach(zone -> calendar.add(ZONES.getTimeZone(zone.getId()).getVTimeZone()));
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(true).output(calendar, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static VEvent event(TalkView talk, ZoneId zone) {
        // A lone CR as LF: ical4j escapes CR LF and LF but writes a lone CR as it is, which breaks the line. Imports and
        // edits no longer store one (Texts.lineFeeds); this covers what was stored before.
        VEvent event = new VEvent(at(talk.start().toInstant(), zone), at(talk.end().toInstant(), zone),
                Texts.lineFeeds(talk.title()));
        event.add(new Uid(talk.id() + "@onstage"));
        event.add(new Location(Texts.lineFeeds(talk.room())));
        StringBuilder description = new StringBuilder(String.join(", ", talk.speakers()));
        if (talk.abstractText() != null) {
            description.append("\n\n").append(talk.abstractText());
        }
        event.add(new Description(Texts.lineFeeds(description.toString())));
        event.add(talk.status() == Talk.Status.cancelled ? new Status(Status.VALUE_CANCELLED) : new Status(Status.VALUE_CONFIRMED));
        return event;
    }

    /**
     * UTC as an instant ("...Z"): a ZonedDateTime in UTC would be written with an odd TZID. The same for a zone that is
     * a fixed offset (a schedule without a time-zone name, e.g. "+01:00"): it has no VTIMEZONE, and asking for one was
     * a 500.
     */
    private static Temporal at(Instant instant, ZoneId zone) {
        return inUtc(zone) ? instant : instant.atZone(zone);
    }

    private static boolean inUtc(ZoneId zone) {
        return isUtc(zone) || zone instanceof ZoneOffset || ZONES.getTimeZone(zone.getId()) == null;
    }

    private static boolean isUtc(ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC);
    }
}
