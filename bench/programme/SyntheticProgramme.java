import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Writes a synthetic c3voc schedule JSON with N talks (20 rooms, 25-minute slots with 5-minute breaks, over as
 * many days as needed) to standard output, for the import benchmark.
 * Usage: java bench/programme/SyntheticProgramme.java 10000 > /tmp/programme.json
 */
public class SyntheticProgramme {
    public static void main(String[] args) {
        int talks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rooms = 20;
        int slotsPerDay = 24; // 08:00 to 20:00
        int perDay = rooms * slotsPerDay;
        int days = (talks + perDay - 1) / perDay;
        StringBuilder out = new StringBuilder(talks * 400);
        out.append("{\"schedule\":{\"version\":\"bench\",\"conference\":{\"acronym\":\"bench").append(talks)
                .append("\",\"title\":\"Synthetic ").append(talks).append("\",\"start\":\"2030-01-01\",\"end\":\"2030-12-31\",")
                .append("\"daysCount\":").append(days).append(",\"timeslot_duration\":\"00:05\",")
                .append("\"time_zone_name\":\"Europe/Berlin\",\"days\":[");
        int n = 0;
        for (int day = 0; day < days; day++) {
            OffsetDateTime dayStart = OffsetDateTime.of(2030, 1, 1, 8, 0, 0, 0, ZoneOffset.ofHours(1)).plusDays(day);
            out.append(day > 0 ? "," : "").append("{\"index\":").append(day + 1).append(",\"date\":\"")
                    .append(dayStart.toLocalDate()).append("\",\"day_start\":\"").append(dayStart)
                    .append("\",\"day_end\":\"").append(dayStart.plusHours(12)).append("\",\"rooms\":{");
            for (int room = 0; room < rooms; room++) {
                out.append(room > 0 ? "," : "").append("\"Room ").append(room + 1).append("\":[");
                for (int slot = 0; slot < slotsPerDay && n < talks; slot++) {
                    if (day * perDay + room * slotsPerDay + slot >= talks) {
                        break;
                    }
                    OffsetDateTime start = dayStart.plus(Duration.ofMinutes(30L * slot));
                    out.append(slot > 0 ? "," : "").append("{\"guid\":\"bench-").append(n)
                            .append("\",\"id\":").append(n).append(",\"date\":\"").append(start)
                            .append("\",\"start\":\"").append(start.toLocalTime()).append("\",\"duration\":\"00:25\",")
                            .append("\"room\":\"Room ").append(room + 1).append("\",\"slug\":\"bench-").append(n)
                            .append("\",\"url\":\"https://example.org/").append(n).append("\",\"title\":\"Synthetic talk ")
                            .append(n).append("\",\"subtitle\":\"\",\"track\":\"Bench\",\"type\":\"lecture\",")
                            .append("\"language\":\"en\",\"abstract\":\"A talk about the number ").append(n)
                            .append(".\",\"description\":\"\",\"recording_license\":\"\",\"do_not_record\":false,")
                            .append("\"persons\":[{\"id\":").append(n).append(",\"public_name\":\"Speaker ").append(n)
                            .append("\"}],\"links\":[],\"attachments\":[]}");
                    n++;
                }
                out.append("]");
            }
            out.append("}}");
        }
        out.append("]}}}");
        System.out.println(out);
    }
}
