package dev.onstage.schedule.programme.imports;

import java.util.List;

/**
 * A frab-style schedule (days, rooms per day, events per room) as read from either the XML or the JSON format,
 * before interpretation. Values are still text, and each carries where it was found, so that
 * {@link FrabScheduleMapper} can interpret both formats with the same code and still point at the exact place of
 * a problem.
 */
record FrabSchedule(Value acronym, Value title, Value timeZoneName, List<Day> days) {

    FrabSchedule {
        days = List.copyOf(days);
    }

    /**
     * A text value of the input.
     *
     * @param text  the value, or {@code null} when the input does not have it
     * @param where where the value is, or for an absent value where it was expected
     */
    record Value(String text, String where) {

        static Value absent(String where) {
            return new Value(null, where);
        }

        boolean isPresent() {
            return text != null && !text.isBlank();
        }

        String stripped() {
            return text == null ? null : text.strip();
        }
    }

    /** A conference day: {@code date} is the day's nominal date, {@code start} when it begins (with offset). */
    record Day(String where, Value date, Value start, List<Room> rooms) {

        Day {
            rooms = List.copyOf(rooms);
        }
    }

    record Room(String where, Value name, List<Event> events) {

        Room {
            events = List.copyOf(events);
        }
    }

    /**
     * One event. {@code date} is the start with offset; {@code start} is the deprecated wall-clock start that older
     * files have instead; {@code end} (JSON only) or {@code duration} give the end.
     */
    record Event(String where, Value guid, Value id, Value title, Value date, Value start, Value end, Value duration,
            Value room, Value abstractText, List<String> speakers) {

        Event {
            speakers = List.copyOf(speakers);
        }
    }
}
