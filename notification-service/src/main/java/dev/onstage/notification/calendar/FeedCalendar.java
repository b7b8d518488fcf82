package dev.onstage.notification.calendar;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VAlarm;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.Action;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Name;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Trigger;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;

/**
 * An attendee's starred talks as one iCalendar file (RFC 5545) for a calendar app to subscribe to: a VEVENT per talk
 * with its UID (stable: the talk id) and SEQUENCE (up on every move, TalkSequences), a VALARM at the favourite's lead
 * time, times in the conference's IANA zone with its VTIMEZONE. A cancelled talk stays, STATUS:CANCELLED, without an
 * alarm. DTSTAMP and LAST-MODIFIED are the talk's last change, so the same agenda gives the same bytes (an ETag).
 */
final class FeedCalendar {

    /** One starred talk as the feed shows it. */
    record Entry(FeedTalk talk, int leadMinutes, int sequence) {
    }

    /** How often calendar apps are asked to read the feed again (RFC 7986 REFRESH-INTERVAL; X-PUBLISHED-TTL). */
    static final Duration REFRESH = Duration.ofMinutes(15);

    private static final TimeZoneRegistry ZONES = TimeZoneRegistryFactory.getInstance().createRegistry();

    private FeedCalendar() {
    }

    static String of(List<Entry> entries) {
        Calendar calendar = new Calendar()
                .withProdId("-//Onstage//Onstage conference reminders//EN")
                .withDefaults()
                .getFluentTarget();
        calendar.add(new Name("Onstage: my agenda"));
        calendar.add(new XProperty("X-WR-CALNAME", "Onstage: my agenda"));
        calendar.add(new RefreshInterval(new ParameterList(List.of(Value.DURATION)), REFRESH));
        calendar.add(new XProperty("X-PUBLISHED-TTL", REFRESH.toString()));
        Map<String, ZoneId> zones = new LinkedHashMap<>();
        for (Entry entry : entries) {
            ZoneId zone = entry.talk().zone();
            if (!inUtc(zone)) {
                zones.putIfAbsent(zone.getId(), zone);
            }
            calendar.add(event(entry));
        }
        zones.values().forEach(zone -> calendar.add(ZONES.getTimeZone(zone.getId()).getVTimeZone()));
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(true).output(calendar, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static VEvent event(Entry entry) {
        FeedTalk talk = entry.talk();
        String title = CalendarText.clean(talk.title());
        VEvent event = new VEvent(at(talk.start(), talk.zone()), at(talk.end(), talk.zone()),
                talk.cancelled() ? "Cancelled: " + title : title);
        event.replace(new DtStamp(talk.updatedAt()));
        event.add(new Uid(CalendarText.clean(talk.id()) + "@onstage"));
        event.add(new Sequence(entry.sequence()));
        event.add(new LastModified(talk.updatedAt()));
        event.add(new Location(CalendarText.clean(talk.room())));
        event.add(new Description(CalendarText.clean(description(talk))));
        if (talk.cancelled()) {
            event.add(new Status(Status.VALUE_CANCELLED));
        } else {
            event.add(new Status(Status.VALUE_CONFIRMED));
            // Before the start: a negative duration; lead time 0 is "when it starts".
            VAlarm alarm = new VAlarm(Duration.ofMinutes(-entry.leadMinutes()));
            alarm.add(new Action(Action.VALUE_DISPLAY));
            alarm.add(new Description(entry.leadMinutes() == 0 ? "Starting now: " + title
                    : "In " + entry.leadMinutes() + " minutes: " + title));
            event.add(alarm);
        }
        return event;
    }

    private static String description(FeedTalk talk) {
        StringBuilder text = new StringBuilder(talk.speakers());
        for (String line : new String[] { talk.session(), talk.conference() }) {
            if (!line.isEmpty()) {
                text.append(text.isEmpty() ? "" : "\n").append(line);
            }
        }
        return text.toString();
    }

    /**
     * UTC as an instant ("...Z"): a ZonedDateTime in UTC would be written with an odd TZID. The same for a fixed offset
     * or a zone ical4j has no VTIMEZONE for (as schedule-service's CalendarResource).
     */
    private static Temporal at(Instant instant, ZoneId zone) {
        return inUtc(zone) ? instant : instant.atZone(zone);
    }

    private static boolean inUtc(ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC) || zone instanceof ZoneOffset
                || ZONES.getTimeZone(zone.getId()) == null;
    }
}
