package dev.onstage.schedule.programme.imports;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link FrabSchedule} read by {@link FrabXmlParser} or {@link C3vocJsonParser} into an
 * {@link ImportedProgramme}. The rules, shared by both formats:
 *
 * <ul>
 * <li><b>Sessions.</b> frab has days, rooms and events, but no sessions. Each (day, room) with at least one event
 * becomes one {@link ImportedSession} titled {@code "<room> · <day date>"} (e.g. {@code "Saal 1 · 2014-12-27"}),
 * without moderator, from its first talk's start to its last talk's end, with id
 * {@code StableIds.of(room, conference id, day date, room)}. The day date is the conference day, so an event at
 * 00:15 on the night after 28 December is in the session of 28 December, as in the printed programme.</li>
 * <li><b>Talk ids.</b> The event's {@code guid}, else its {@code id}; both are stable across exports of the same
 * schedule. Two events with the same id are an error, since re-import matches talks by id.</li>
 * <li><b>Instants.</b> The event's {@code date} (ISO with offset) is the start: its explicit offset is what the
 * organiser's tool computed, so it wins over everything else. Only when an event has no {@code date} is the
 * deprecated {@code start} (wall-clock time) placed on the day's date in the programme zone; a start earlier than
 * the day's own start time belongs to the next calendar date (days run past midnight: 31C3's day 1 runs from
 * 11:00 on 27 December to 04:00 on 28 December). The end is the event's {@code end} (JSON) if present, else the
 * start plus {@code duration}.</li>
 * <li><b>Zone.</b> {@code time_zone_name} is used for display only and must be a real IANA name. When it is
 * absent, the fixed offset of the first day start (or event date) stands in for it, with a note. When event offsets
 * disagree with it (pretalx DemoCon says UTC but writes +01:00), the offsets still decide the instants and a note
 * says so.</li>
 * </ul>
 */
final class FrabScheduleMapper {

    private FrabScheduleMapper() {
    }

    static ImportedProgramme toProgramme(FrabSchedule schedule) {
        return new Mapping(schedule).run();
    }

    /** The state of one mapping run; a new one per call keeps the parsers stateless. */
    private static final class Mapping {

        private final FrabSchedule schedule;
        private final List<String> notes = new ArrayList<>();
        private final Map<String, String> whereOfTalkId = new HashMap<>();
        private ZoneId zone;
        private int eventsWithOtherOffset;
        private String firstOtherOffsetExample;
        private int eventsWithoutDate;

        Mapping(FrabSchedule schedule) {
            this.schedule = schedule;
        }

        ImportedProgramme run() {
            String conferenceId = conferenceId();
            Texts.requireNoControl(schedule.acronym().text(), schedule.acronym().where(), "the acronym");
            Texts.requireNoControl(schedule.title().text(), schedule.title().where(), "the title");
            String conferenceName = schedule.title().isPresent() ? schedule.title().stripped() : conferenceId;
            zone = displayZone();

            List<ImportedSession> sessions = new ArrayList<>();
            for (FrabSchedule.Day day : schedule.days()) {
                LocalDate dayDate = dayDate(day);
                OffsetDateTime dayStart = day.start().isPresent()
                        ? TimeValues.offsetDateTime(day.start().text(), day.start().where())
                        : null;
                for (FrabSchedule.Room room : day.rooms()) {
                    if (!room.name().isPresent()) {
                        throw new ProgrammeImportException(room.name().where(), "room has no name");
                    }
                    if (room.events().isEmpty()) {
                        continue; // A room without events on that day is no session.
                    }
                    sessions.add(session(conferenceId, dayDate, dayStart, room));
                }
            }
            if (sessions.isEmpty()) {
                // Importing it would cancel every talk the conference has: most likely a broken export.
                throw new ProgrammeImportException("input", "the schedule has no events; a schedule without events "
                        + "would cancel every talk of " + conferenceId);
            }
            addOffsetNotes();
            ImportedProgramme programme = new ImportedProgramme(conferenceId, conferenceName, zone, sessions, notes);
            TextLimits.refuse(programme, whereOfTalkId::get);
            Overlaps.refuse(programme.talks(), whereOfTalkId::get);
            return programme;
        }

        private String conferenceId() {
            if (schedule.acronym().isPresent()) {
                return schedule.acronym().stripped();
            }
            if (schedule.title().isPresent()) {
                String slug = StableIds.slug(schedule.title().text());
                if (!slug.isEmpty()) {
                    notes.add("The schedule has no acronym; the conference id '" + slug + "' is made from its title.");
                    return slug;
                }
            }
            throw new ProgrammeImportException(schedule.acronym().where(), "the conference has neither acronym nor title");
        }

        private ZoneId displayZone() {
            FrabSchedule.Value zoneName = schedule.timeZoneName();
            if (zoneName.isPresent()) {
                return TimeValues.ianaZone(zoneName.stripped(), zoneName.where());
            }
            for (FrabSchedule.Day day : schedule.days()) {
                FrabSchedule.Value withOffset = day.start().isPresent() ? day.start() : firstEventDate(day);
                if (withOffset != null) {
                    ZoneOffset offset = TimeValues.offsetDateTime(withOffset.text(), withOffset.where()).getOffset();
                    notes.add("The schedule names no time zone (time_zone_name); times are shown at the fixed offset "
                            + offset + " of " + withOffset.text() + " (" + withOffset.where() + ").");
                    return offset;
                }
            }
            throw new ProgrammeImportException(zoneName.where(),
                    "the schedule has no time_zone_name and no day start or event date with an offset, "
                            + "so its times cannot be placed in time");
        }

        private static FrabSchedule.Value firstEventDate(FrabSchedule.Day day) {
            return day.rooms().stream()
                    .flatMap(room -> room.events().stream())
                    .map(FrabSchedule.Event::date)
                    .filter(FrabSchedule.Value::isPresent)
                    .findFirst().orElse(null);
        }

        private static LocalDate dayDate(FrabSchedule.Day day) {
            if (day.date().isPresent()) {
                return TimeValues.date(day.date().text(), day.date().where());
            }
            if (day.start().isPresent()) {
                return TimeValues.offsetDateTime(day.start().text(), day.start().where()).toLocalDate();
            }
            throw new ProgrammeImportException(day.where(), "day has neither a date nor a start");
        }

        private ImportedSession session(String conferenceId, LocalDate dayDate, OffsetDateTime dayStart,
                FrabSchedule.Room room) {
            String roomName = room.name().stripped();
            Texts.requireNoControl(roomName, room.name().where(), "the room name");
            List<ImportedTalk> talks = new ArrayList<>();
            for (FrabSchedule.Event event : room.events()) {
                talks.add(talk(event, dayDate, dayStart, roomName));
            }
            talks.sort(Comparator.comparing(ImportedTalk::start));
            Instant start = talks.get(0).start();
            Instant end = talks.stream().map(ImportedTalk::end).max(Comparator.naturalOrder()).orElseThrow();
            String id = StableIds.of(roomName, conferenceId, dayDate.toString(), roomName);
            return new ImportedSession(id, roomName + " · " + dayDate, roomName, null, start, end, talks);
        }

        private ImportedTalk talk(FrabSchedule.Event event, LocalDate dayDate, OffsetDateTime dayStart,
                String sessionRoom) {
            String id = talkId(event);
            if (!event.title().isPresent()) {
                throw new ProgrammeImportException(event.title().where(), "event " + id + " has no title");
            }
            Instant start = start(event, id, dayDate, dayStart);
            Instant end = end(event, id, start);
            String room = event.room().isPresent() ? event.room().stripped() : sessionRoom;
            String abstractText = event.abstractText().isPresent() ? event.abstractText().stripped() : null;
            Texts.requireNoControl(id, event.where(), "the event id");
            if (id.indexOf('\r') >= 0 || id.indexOf('\n') >= 0) {
                throw new ProgrammeImportException(event.where(), "the event id " + id.strip()
                        + " contains a line break");
            }
            Texts.requireNoControl(event.title().text(), event.title().where(), "the title");
            Texts.requireNoControl(event.room().text(), event.room().where(), "the room");
            Texts.requireNoControl(abstractText, event.abstractText().where(), "the abstract");
            for (String speaker : event.speakers()) {
                Texts.requireNoControl(speaker, event.where(), "a speaker's name");
            }
            return new ImportedTalk(id, event.title().stripped(), event.speakers(), abstractText, room, start, end);
        }

        private String talkId(FrabSchedule.Event event) {
            FrabSchedule.Value idValue = event.guid().isPresent() ? event.guid() : event.id();
            if (!idValue.isPresent()) {
                throw new ProgrammeImportException(event.where(), "event has neither guid nor id");
            }
            String id = idValue.stripped();
            String earlier = whereOfTalkId.putIfAbsent(id, idValue.where());
            if (earlier != null) {
                throw new ProgrammeImportException(idValue.where(),
                        "event id " + id + " is used twice (first at " + earlier + "); ids must be unique for re-import");
            }
            return id;
        }

        private Instant start(FrabSchedule.Event event, String id, LocalDate dayDate, OffsetDateTime dayStart) {
            if (event.date().isPresent()) {
                OffsetDateTime date = TimeValues.offsetDateTime(event.date().text(), event.date().where());
                if (!zone.getRules().getOffset(date.toInstant()).equals(date.getOffset())) {
                    if (eventsWithOtherOffset++ == 0) {
                        firstOtherOffsetExample = date + " (" + event.date().where() + ")";
                    }
                }
                return date.toInstant();
            }
            if (!event.start().isPresent()) {
                throw new ProgrammeImportException(event.where(), "event " + id + " has neither date nor start");
            }
            LocalTime wallClock = TimeValues.clockTime(event.start().text(), event.start().where());
            // Days run past midnight: a start before the day's own start time is on the next calendar date.
            boolean afterMidnight = dayStart != null && wallClock.isBefore(dayStart.toLocalTime());
            LocalDate date = afterMidnight ? dayDate.plusDays(1) : dayDate;
            eventsWithoutDate++;
            return LocalDateTime.of(date, wallClock).atZone(zone).toInstant();
        }

        private Instant end(FrabSchedule.Event event, String id, Instant start) {
            Instant end;
            String where;
            if (event.end().isPresent()) {
                end = TimeValues.offsetDateTime(event.end().text(), event.end().where()).toInstant();
                where = event.end().where();
            } else if (event.duration().isPresent()) {
                Duration duration = TimeValues.duration(event.duration().text(), event.duration().where());
                end = start.plus(duration);
                where = event.duration().where();
            } else {
                throw new ProgrammeImportException(event.where(), "event " + id + " has neither end nor duration");
            }
            TimeValues.requireEndAfterStart(start, end, where, "event " + id);
            return end;
        }

        private void addOffsetNotes() {
            if (eventsWithOtherOffset > 0) {
                notes.add(eventsWithOtherOffset + " event date(s) carry an offset other than that of the display zone "
                        + zone + ", e.g. " + firstOtherOffsetExample
                        + "; their instants follow the offsets written in the schedule, " + zone
                        + " is only used to show times.");
            }
            if (eventsWithoutDate > 0) {
                notes.add(eventsWithoutDate + " event(s) have no date with offset; their start was placed on the day's"
                        + " date in " + zone + " (after midnight when earlier than the day's start).");
            }
        }
    }
}
