package dev.onstage.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic c3voc schedule JSON: rooms side by side, talks back to back in fixed slots, over as many days as needed.
 * Depends on the JDK only, so that it also runs as a single source file:
 *
 * <pre>
 * java bench/src/main/java/dev/onstage/bench/SyntheticProgramme.java 10000 > /tmp/p10k.json     # the import benchmark
 * java bench/src/main/java/dev/onstage/bench/SyntheticProgramme.java 1200 --fanout 20 5 > /tmp/fanout.json
 * </pre>
 *
 * The import benchmark's programme (issue 3): conference {@code bench<N>}, 20 rooms "Room 1".."Room 20", 25-minute
 * talks in 30-minute slots from 08:00 to 20:00 (Europe/Berlin, January 2030). The fan-out programme (issue 7):
 * conference {@code fanout}, rooms "Fan-out 1"..; talks of {@code slot - 1} minutes (at least 1) in {@code slot}-minute
 * slots from 01:00 to 23:00 (Europe/Berlin, January 2031), ids {@code fanout-<n>}; the same ids at every size, so a
 * re-import of another size updates, moves or cancels them rather than adding a second programme in the same rooms.
 */
public final class SyntheticProgramme {

    /** One talk: its id (the c3voc guid, which is the talk id in Onstage), room and times. */
    public record Talk(String id, String room, Instant start, Instant end) {
    }

    /** One session: Onstage makes one per (day, room); it starts with its first talk and ends with its last. */
    public record Session(String room, LocalDate day, Instant start, Instant end) {
    }

    private final String conference;
    private final String title;
    private final List<Talk> talks = new ArrayList<>();
    private final List<Session> sessions = new ArrayList<>();
    private final int days;
    private final List<LocalDate> dates = new ArrayList<>();
    private final int rooms;
    private final String roomPrefix;
    private final List<OffsetDateTime> dayStarts = new ArrayList<>();
    private final int dayHours;

    private SyntheticProgramme(String conference, String title, String idPrefix, String roomPrefix, int talkCount,
            int rooms, OffsetDateTime firstDayStart, int dayHours, int slotMinutes, int talkMinutes, boolean roundRobin) {
        this.conference = conference;
        this.dayHours = dayHours;
        int slotsPerDay = dayHours * 60 / slotMinutes;
        this.title = title;
        this.rooms = rooms;
        this.roomPrefix = roomPrefix;
        int perDay = rooms * slotsPerDay;
        this.days = (talkCount + perDay - 1) / perDay;
        for (int day = 0; day < days; day++) {
            OffsetDateTime dayStart = firstDayStart.plusDays(day);
            dates.add(dayStart.toLocalDate());
            dayStarts.add(dayStart);
            for (int room = 0; room < rooms; room++) {
                Instant first = null;
                Instant last = null;
                for (int slot = 0; slot < slotsPerDay; slot++) {
                    // The import benchmark fills a room's day before the next room; the fan-out one fills each slot
                    // in every room before the next slot, so that all rooms are busy.
                    int number = day * perDay + (roundRobin ? slot * rooms + room : room * slotsPerDay + slot);
                    if (number >= talkCount) {
                        break;
                    }
                    Instant start = dayStart.plus(Duration.ofMinutes((long) slotMinutes * slot)).toInstant();
                    Instant end = start.plus(Duration.ofMinutes(talkMinutes));
                    talks.add(new Talk(idPrefix + number, roomName(room), start, end));
                    first = first == null ? start : first;
                    last = end;
                }
                if (first != null) {
                    sessions.add(new Session(roomName(room), dayStart.toLocalDate(), first, last));
                }
            }
        }
    }

    /** The import benchmark's programme (docs/benchmarks.md, issue 3). */
    public static SyntheticProgramme importBenchmark(int talks) {
        return new SyntheticProgramme("bench" + talks, "Synthetic " + talks, "bench-", "Room ", talks, 20,
                OffsetDateTime.of(2030, 1, 1, 8, 0, 0, 0, ZoneOffset.ofHours(1)), 12, 30, 25, false);
    }

    /** The fan-out benchmark's programme: {@code talks} talks in {@code rooms} rooms, one every {@code slotMinutes}. */
    public static SyntheticProgramme fanOut(int talks, int rooms, int slotMinutes) {
        if (talks < 1 || rooms < 1 || slotMinutes < 1) {
            throw new IllegalArgumentException("talks, rooms and slot minutes must be at least 1");
        }
        return new SyntheticProgramme("fanout", "Fan-out benchmark", "fanout-", "Fan-out ", talks, rooms,
                OffsetDateTime.of(2031, 1, 15, 1, 0, 0, 0, ZoneOffset.ofHours(1)), 22, slotMinutes,
                Math.max(1, slotMinutes - 1), true);
    }

    public String conference() {
        return conference;
    }

    public List<Talk> talks() {
        return talks;
    }

    public List<Session> sessions() {
        return sessions;
    }

    public List<String> rooms() {
        List<String> names = new ArrayList<>();
        for (int room = 0; room < rooms; room++) {
            names.add(roomName(room));
        }
        return names;
    }

    private String roomName(int room) {
        return roomPrefix + (room + 1);
    }

    /** The programme as c3voc schedule JSON, the format of {@code POST /api/programme} with application/json. */
    public String c3voc() {
        StringBuilder out = new StringBuilder(talks.size() * 400 + 1000);
        out.append("{\"schedule\":{\"version\":\"bench\",\"conference\":{\"acronym\":\"").append(conference)
                .append("\",\"title\":\"").append(title).append("\",\"start\":\"").append(dates.get(0))
                .append("\",\"end\":\"").append(conference.startsWith("bench") ? "2030-12-31" : dates.get(dates.size() - 1))
                .append("\",")
                .append("\"daysCount\":").append(days).append(",\"timeslot_duration\":\"00:05\",")
                .append("\"time_zone_name\":\"Europe/Berlin\",\"days\":[");
        ZoneOffset offset = dayStarts.get(0).getOffset();
        int t = 0;
        for (int day = 0; day < days; day++) {
            LocalDate date = dates.get(day);
            OffsetDateTime dayStart = dayStarts.get(day);
            out.append(day > 0 ? "," : "").append("{\"index\":").append(day + 1).append(",\"date\":\"").append(date)
                    .append("\",\"day_start\":\"").append(dayStart).append("\",\"day_end\":\"")
                    .append(dayStart.plusHours(dayHours)).append("\",\"rooms\":{");
            for (int room = 0; room < rooms; room++) {
                String name = roomName(room);
                out.append(room > 0 ? "," : "").append('"').append(name).append("\":[");
                boolean first = true;
                while (t < talks.size() && talks.get(t).room().equals(name)
                        && talks.get(t).start().atOffset(offset).toLocalDate().equals(date)) {
                    Talk talk = talks.get(t);
                    OffsetDateTime start = talk.start().atOffset(offset);
                    long minutes = Duration.between(talk.start(), talk.end()).toMinutes();
                    String n = talk.id().substring(talk.id().lastIndexOf('-') + 1);
                    out.append(first ? "" : ",").append("{\"guid\":\"").append(talk.id())
                            .append("\",\"id\":").append(n).append(",\"date\":\"").append(start)
                            .append("\",\"start\":\"").append(start.toLocalTime()).append("\",\"duration\":\"")
                            .append(String.format("%02d:%02d", minutes / 60, minutes % 60)).append("\",")
                            .append("\"room\":\"").append(name).append("\",\"slug\":\"").append(talk.id())
                            .append("\",\"url\":\"https://example.org/").append(n).append("\",\"title\":\"Synthetic talk ")
                            .append(n).append("\",\"subtitle\":\"\",\"track\":\"Bench\",\"type\":\"lecture\",")
                            .append("\"language\":\"en\",\"abstract\":\"A talk about the number ").append(n)
                            .append(".\",\"description\":\"\",\"recording_license\":\"\",\"do_not_record\":false,")
                            .append("\"persons\":[{\"id\":").append(n).append(",\"public_name\":\"Speaker ").append(n)
                            .append("\"}],\"links\":[],\"attachments\":[]}");
                    first = false;
                    t++;
                }
                out.append("]");
            }
            out.append("}}");
        }
        out.append("]}}}");
        return out.toString();
    }

    /**
     * Usage: {@code SyntheticProgramme N} (the import benchmark's programme) or
     * {@code SyntheticProgramme N --fanout ROOMS SLOT_MINUTES}; writes the c3voc JSON to standard output.
     */
    public static void main(String[] args) {
        int talks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        SyntheticProgramme programme = args.length > 1 && args[1].equals("--fanout")
                ? fanOut(talks, Integer.parseInt(args[2]), Integer.parseInt(args[3]))
                : importBenchmark(talks);
        System.out.println(programme.c3voc());
    }
}
