package dev.onstage.schedule.programme.imports;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads a c3voc schedule JSON ({@code schedule.json}, schema {@code c3voc-schedule.schema.json}) as exported by
 * frab and pretalx.
 *
 * <p>The format has days, rooms and events but no sessions: each (day, room) with events becomes one session titled
 * {@code "<room> · <day date>"} (e.g. {@code "Curie · 2019-08-21"}). Talk ids are the event's {@code guid}, else its
 * {@code id}. The details, shared with the XML format, are in {@link FrabScheduleMapper}; this class only reads the
 * JSON.
 *
 * <p><b>Time zone conflict.</b> Each event's {@code date} with its explicit offset gives the instant: the offset is
 * what the organiser's tool computed. {@code time_zone_name} is only used to show times (when absent, a fixed offset
 * from the schedule stands in, with a note; when it is not an IANA name, that is an error). pretalx DemoCon says
 * {@code "UTC"} but writes {@code 2020-12-14T09:00:00+01:00}: that talk starts at 08:00Z, is shown in UTC, and the
 * import notes say that the offsets disagree with the zone. The end is {@code end} when present, else start plus
 * {@code duration}.
 *
 * <p>Speakers are the persons' {@code public_name} (frab, pretalx), else their {@code name} (newer exports).
 *
 * <p>Problems are reported with the JSON pointer of the offending value, e.g.
 * {@code /schedule/conference/days/0/rooms/Saal 1/3/date}; room names appear as written except that {@code ~} and
 * {@code /} are escaped as {@code ~0} and {@code ~1}, as RFC 6901 requires. The reader limits nesting depth, string,
 * name and number lengths and the document size, and refuses duplicate keys.
 *
 * <p>Stateless and thread-safe: the configured {@link ObjectMapper} is only read from.
 */
@ApplicationScoped
public class C3vocJsonParser {

    static final int MAX_NESTING_DEPTH = 32;
    static final int MAX_STRING_CHARS = 1_000_000;
    static final int MAX_NAME_CHARS = 1_000;
    static final int MAX_NUMBER_CHARS = 32;
    static final long MAX_DOCUMENT_LENGTH = 50_000_000L;

    private final ObjectMapper mapper = configuredMapper();

    public ImportedProgramme parse(InputStream json) {
        if (json == null) {
            throw new ProgrammeImportException("input", "no schedule JSON given");
        }
        JsonNode root = readTree(json);
        return FrabScheduleMapper.toProgramme(new TreeReader().schedule(root));
    }

    private static ObjectMapper configuredMapper() {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_CHARS)
                .maxNameLength(MAX_NAME_CHARS)
                .maxNumberLength(MAX_NUMBER_CHARS)
                .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                .build();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(limits)
                // Two values for one key would make the schedule ambiguous; refuse rather than take the last.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return new ObjectMapper(factory);
    }

    private JsonNode readTree(InputStream json) {
        // Own parser, so that on an error its context still tells the JSON pointer of where reading stopped.
        try (JsonParser parser = mapper.createParser(json)) {
            try {
                JsonNode root = mapper.readTree(parser);
                if (root == null || root.isMissingNode()) {
                    throw new ProgrammeImportException("line 1:1", "the input is empty, expected a JSON object");
                }
                if (parser.nextToken() != null) {
                    throw new ProgrammeImportException(lineAndColumn(parser.currentTokenLocation()),
                            "there is more content after the schedule object");
                }
                return root;
            } catch (JsonProcessingException e) {
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                String lineAndColumn = lineAndColumn(e.getLocation() != null ? e.getLocation() : parser.currentLocation());
                throw new ProgrammeImportException(pointer.isEmpty() ? lineAndColumn : pointer,
                        "cannot read the JSON at " + lineAndColumn + ": " + e.getOriginalMessage(), e);
            }
        } catch (IOException e) {
            throw new ProgrammeImportException("input", "could not read the schedule: " + e.getMessage(), e);
        }
    }

    private static String lineAndColumn(JsonLocation location) {
        return "line " + location.getLineNr() + ":" + location.getColumnNr();
    }

    /** Reads the tree into a {@link FrabSchedule}, checking the type of every value it uses. */
    private static final class TreeReader {

        private static final String ROOT = "(document root)";

        FrabSchedule schedule(JsonNode root) {
            requireType(root, ROOT, JsonNode::isObject, "an object");
            JsonNode schedule = required(root, "", "schedule", JsonNode::isObject, "an object");
            JsonNode conference = required(schedule, "/schedule", "conference", JsonNode::isObject, "an object");
            String at = "/schedule/conference";
            FrabSchedule.Value acronym = optionalText(conference, at, "acronym");
            FrabSchedule.Value title = optionalText(conference, at, "title");
            FrabSchedule.Value timeZoneName = optionalText(conference, at, "time_zone_name");
            JsonNode daysNode = required(conference, at, "days", JsonNode::isArray, "an array");
            List<FrabSchedule.Day> days = new ArrayList<>();
            for (int index = 0; index < daysNode.size(); index++) {
                days.add(day(daysNode.get(index), at + "/days/" + index));
            }
            return new FrabSchedule(acronym, title, timeZoneName, days);
        }

        private FrabSchedule.Day day(JsonNode day, String at) {
            requireType(day, at, JsonNode::isObject, "an object");
            FrabSchedule.Value date = optionalText(day, at, "date");
            FrabSchedule.Value start = optionalText(day, at, "day_start");
            JsonNode roomsNode = required(day, at, "rooms", JsonNode::isObject, "an object");
            List<FrabSchedule.Room> rooms = new ArrayList<>();
            for (Map.Entry<String, JsonNode> room : roomsNode.properties()) {
                String roomAt = at + "/rooms/" + escape(room.getKey());
                requireType(room.getValue(), roomAt, JsonNode::isArray, "an array of events");
                List<FrabSchedule.Event> events = new ArrayList<>();
                for (int index = 0; index < room.getValue().size(); index++) {
                    events.add(event(room.getValue().get(index), roomAt + "/" + index));
                }
                rooms.add(new FrabSchedule.Room(roomAt, new FrabSchedule.Value(room.getKey(), roomAt), events));
            }
            return new FrabSchedule.Day(at, date, start, rooms);
        }

        private FrabSchedule.Event event(JsonNode event, String at) {
            requireType(event, at, JsonNode::isObject, "an object");
            return new FrabSchedule.Event(at,
                    optionalText(event, at, "guid"),
                    optionalId(event, at),
                    optionalText(event, at, "title"),
                    optionalText(event, at, "date"),
                    optionalText(event, at, "start"),
                    optionalText(event, at, "end"),
                    optionalText(event, at, "duration"),
                    optionalText(event, at, "room"),
                    optionalText(event, at, "abstract"),
                    speakers(event, at));
        }

        private List<String> speakers(JsonNode event, String at) {
            JsonNode persons = event.get("persons");
            String personsAt = at + "/persons";
            if (persons == null || persons.isNull()) {
                return List.of();
            }
            requireType(persons, personsAt, JsonNode::isArray, "an array");
            List<String> names = new ArrayList<>();
            for (int index = 0; index < persons.size(); index++) {
                String personAt = personsAt + "/" + index;
                JsonNode person = persons.get(index);
                requireType(person, personAt, JsonNode::isObject, "an object");
                FrabSchedule.Value name = optionalText(person, personAt, "public_name");
                if (!name.isPresent()) {
                    name = optionalText(person, personAt, "name");
                }
                if (!name.isPresent()) {
                    throw new ProgrammeImportException(personAt, "person has neither public_name nor name");
                }
                names.add(name.stripped());
            }
            return names;
        }

        /** frab writes the legacy id as a number, some tools as a string; either is the same id. */
        private static FrabSchedule.Value optionalId(JsonNode event, String at) {
            JsonNode id = event.get("id");
            String idAt = at + "/id";
            if (id == null || id.isNull()) {
                return FrabSchedule.Value.absent(idAt);
            }
            requireType(id, idAt, node -> node.isIntegralNumber() || node.isTextual(), "an integer or a string");
            return new FrabSchedule.Value(id.asText(), idAt);
        }

        private static FrabSchedule.Value optionalText(JsonNode parent, String at, String name) {
            JsonNode value = parent.get(name);
            String valueAt = at + "/" + escape(name);
            if (value == null || value.isNull()) {
                return FrabSchedule.Value.absent(valueAt);
            }
            requireType(value, valueAt, JsonNode::isTextual, "a string");
            return new FrabSchedule.Value(value.textValue(), valueAt);
        }

        private static JsonNode required(JsonNode parent, String at, String name,
                Predicate<JsonNode> isExpectedType, String expected) {
            JsonNode value = parent.get(name);
            String valueAt = at + "/" + escape(name);
            if (value == null || value.isNull()) {
                throw new ProgrammeImportException(valueAt, "missing " + name + ", expected " + expected);
            }
            requireType(value, valueAt, isExpectedType, expected);
            return value;
        }

        private static void requireType(JsonNode value, String at, Predicate<JsonNode> isExpectedType,
                String expected) {
            if (!isExpectedType.test(value)) {
                throw new ProgrammeImportException(at, "expected " + expected + ", found " + describe(value));
            }
        }

        private static String describe(JsonNode value) {
            String type = switch (value.getNodeType()) {
                case ARRAY -> "an array";
                case OBJECT -> "an object";
                case STRING -> "a string";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
                default -> value.getNodeType().toString().toLowerCase(Locale.ROOT);
            };
            if (value.isValueNode() && !value.isNull()) {
                String text = value.asText();
                return type + " (" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + ")";
            }
            return type;
        }

        /** JSON pointer escaping (RFC 6901): "~" is "~0" and "/" is "~1" inside a reference token. */
        private static String escape(String token) {
            return token.replace("~", "~0").replace("/", "~1");
        }
    }
}
