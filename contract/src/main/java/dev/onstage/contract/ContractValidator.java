package dev.onstage.contract;

import static dev.onstage.contract.CloudEventsAttributes.HEADER_CONTENT_TYPE;
import static dev.onstage.contract.CloudEventsAttributes.HEADER_ID;
import static dev.onstage.contract.CloudEventsAttributes.HEADER_SOURCE;
import static dev.onstage.contract.CloudEventsAttributes.HEADER_SPEC_VERSION;
import static dev.onstage.contract.CloudEventsAttributes.HEADER_SUBJECT;
import static dev.onstage.contract.CloudEventsAttributes.HEADER_TIME;
import static dev.onstage.contract.CloudEventsAttributes.HEADER_TYPE;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

/**
 * Checks records of the public Kafka interface against the contract: the JSON Schemas, plus the rules a schema cannot
 * express (which fields each type requires, that {@code dueAt} agrees with the talk's times, that programme times carry
 * the conference's offset, that key, {@code ce_subject} and {@code ce_time} agree with the data).
 *
 * <p>Every method returns human-readable errors, each naming the field or header it is about, e.g.
 * {@code talk.start: ...}; an empty list means valid. Nothing throws on bad input: this is also the poison-record
 * filter of notification-service. The schemas are loaded once, when the class is first used; all state is immutable,
 * so the methods are thread-safe.
 *
 * <p>From a Kafka record, pass the headers as strings:
 * <pre>{@code
 * Map<String, String> headers = new HashMap<>();
 * record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
 * List<String> errors = ContractValidator.validateRecord(record.key(), headers, record.value());
 * }</pre>
 */
public final class ContractValidator {

    private static final String SCHEMAS = "onstage/contract/schemas/";

    // Thread-safe once configured; only ever used to read.
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * RFC 3339 date-time, strictly: seconds required, an offset or Z required (ISO_OFFSET_DATE_TIME would also take
     * {@code 14:35Z}). Lower-case t and z are allowed, as RFC 3339 allows them.
     */
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private static final Schema TALK_EVENT;
    private static final Schema SESSION_EVENT;
    private static final Schema PROGRAMME_TALK;

    static {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        // In 2020-12 "format" only annotates unless asked; we want date-time enforced.
                        .formatAssertionsEnabled(true)
                        // Messages in English whatever the machine's locale: they end up in logs and test output.
                        .locale(Locale.ENGLISH)
                        .build()));
        TALK_EVENT = load(registry, "talk-event");
        SESSION_EVENT = load(registry, "session-event");
        PROGRAMME_TALK = load(registry, "programme-talk");
    }

    private ContractValidator() {
    }

    /**
     * Validates the data (Kafka record value) of one event type.
     *
     * @param type the event's type
     * @param data the record value, JSON
     * @return the errors; empty when the data is valid
     */
    public static List<String> validate(TalkEventType type, String data) {
        Objects.requireNonNull(type, "type");
        List<String> errors = new ArrayList<>();
        Optional<JsonNode> json = parse(data, errors);
        json.ifPresent(node -> validate(type, node, errors));
        return List.copyOf(errors);
    }

    /**
     * Validates the data of the event whose {@code ce_type} is given.
     *
     * @param ceType the wire name, e.g. {@code onstage.talk.upcoming}
     * @param data   the record value, JSON
     * @return the errors; an unknown type is one
     */
    public static List<String> validate(String ceType, String data) {
        Optional<TalkEventType> type = TalkEventType.fromType(ceType);
        if (type.isEmpty()) {
            return List.of(unknownType(ceType));
        }
        return validate(type.get(), data);
    }

    /**
     * Validates the CloudEvents headers of a {@code talk-events} record in Kafka binary mode: {@code ce_specversion}
     * 1.0, a non-empty {@code ce_id}, {@code ce_source} {@value CloudEventsAttributes#SOURCE}, a known
     * {@code ce_type}, {@code ce_time} in RFC 3339, a non-empty {@code ce_subject} and {@code content-type}
     * application/json. Other headers (tracing, CloudEvents extensions) are allowed.
     *
     * @param headers the record's headers, values decoded as UTF-8
     * @return the errors; empty when the headers are valid
     */
    public static List<String> validateHeaders(Map<String, String> headers) {
        Objects.requireNonNull(headers, "headers");
        List<String> errors = new ArrayList<>();
        expect(headers, HEADER_SPEC_VERSION, CloudEventsAttributes.SPEC_VERSION, errors);
        present(headers, HEADER_ID, errors);
        expect(headers, HEADER_SOURCE, CloudEventsAttributes.SOURCE, errors);
        String type = headers.get(HEADER_TYPE);
        if (type == null) {
            errors.add(HEADER_TYPE + " is missing");
        } else if (TalkEventType.fromType(type).isEmpty()) {
            errors.add(HEADER_TYPE + ": " + unknownType(type));
        }
        String time = headers.get(HEADER_TIME);
        if (time == null) {
            errors.add(HEADER_TIME + " is missing");
        } else if (parseRfc3339(time).isEmpty()) {
            errors.add(HEADER_TIME + ": '" + time + "' is not an RFC 3339 date-time (like 2022-07-21T14:35:00Z)");
        }
        present(headers, HEADER_SUBJECT, errors);
        String contentType = headers.get(HEADER_CONTENT_TYPE);
        if (contentType == null) {
            errors.add(HEADER_CONTENT_TYPE + " is missing (it must be " + CloudEventsAttributes.DATA_CONTENT_TYPE + ")");
        } else if (!mediaType(contentType).equals(CloudEventsAttributes.DATA_CONTENT_TYPE)) {
            errors.add(HEADER_CONTENT_TYPE + ": '" + contentType + "' is not " + CloudEventsAttributes.DATA_CONTENT_TYPE);
        }
        return List.copyOf(errors);
    }

    /**
     * Validates a whole {@code talk-events} record: its headers, its data against the type in {@code ce_type}, and
     * that they agree: the key and {@code ce_subject} are the talk id (the session id for session events) and
     * {@code ce_time} is the instant of {@code dueAt}.
     *
     * @param key     the record key
     * @param headers the record's headers, values decoded as UTF-8
     * @param value   the record value
     * @return the errors; empty when the record is valid
     */
    public static List<String> validateRecord(String key, Map<String, String> headers, String value) {
        List<String> errors = new ArrayList<>(validateHeaders(headers));
        Optional<TalkEventType> type = TalkEventType.fromType(headers.get(HEADER_TYPE));
        if (key == null) {
            errors.add("key is missing (it must be the " + (type.map(TalkEventType::isSessionEvent).orElse(false)
                    ? "session" : "talk") + " id)");
        }
        if (type.isEmpty()) {
            return List.copyOf(errors); // the data cannot be checked without its type
        }
        int headerAndKeyErrors = errors.size();
        Optional<JsonNode> data = parse(value, errors);
        data.ifPresent(node -> validate(type.get(), node, errors));
        if (data.isEmpty() || errors.size() > headerAndKeyErrors) {
            return List.copyOf(errors);
        }
        boolean session = type.get().isSessionEvent();
        String idField = session ? "session.id" : "talk.id";
        String id = data.get().path(session ? "session" : "talk").path("id").asText();
        if (key != null && !key.equals(id)) {
            errors.add("key: '" + key + "' is not the " + idField + " '" + id + "'");
        }
        String subject = headers.get(HEADER_SUBJECT);
        if (subject != null && !subject.equals(id)) {
            errors.add(HEADER_SUBJECT + ": '" + subject + "' is not the " + idField + " '" + id + "'");
        }
        Optional<Instant> time = Optional.ofNullable(headers.get(HEADER_TIME)).flatMap(ContractValidator::parseRfc3339);
        Optional<Instant> dueAt = parseRfc3339(data.get().get("dueAt").asText());
        if (time.isPresent() && dueAt.isPresent() && !time.get().equals(dueAt.get())) {
            errors.add(HEADER_TIME + ": " + headers.get(HEADER_TIME) + " is not the instant of dueAt " + dueAt.get());
        }
        return List.copyOf(errors);
    }

    /**
     * Validates a record of the compacted {@code programme} topic: a tombstone (null value) is valid; otherwise the
     * value must match {@code programme-talk.schema.json} and the key must be its talk id.
     *
     * @return the errors; empty when the record is valid
     */
    public static List<String> validateProgrammeRecord(String key, String value) {
        List<String> errors = new ArrayList<>();
        if (key == null) {
            errors.add("key is missing (it must be the talk id)");
        }
        if (value == null) {
            return List.copyOf(errors); // a tombstone: the talk was removed from the programme
        }
        parse(value, errors).ifPresent(node -> {
            int before = errors.size();
            schemaErrors(PROGRAMME_TALK, node, errors);
            if (errors.size() > before) {
                return;
            }
            try {
                Optional<ZoneId> zone = zone(node, errors);
                checkInterval(node, "talk", zone, errors);
                checkInterval(node, "session", zone, errors);
            } catch (DateTimeException e) {
                errors.add("(data): a time that java.time cannot read: " + e.getMessage());
            }
            String id = node.get("talk").get("id").asText();
            if (key != null && !key.equals(id)) {
                errors.add("key: '" + key + "' is not the talk.id '" + id + "'");
            }
        });
        return List.copyOf(errors);
    }

    // --- data -------------------------------------------------------------------------------------------------------

    private static void validate(TalkEventType type, JsonNode data, List<String> errors) {
        int before = errors.size();
        schemaErrors(type.isSessionEvent() ? SESSION_EVENT : TALK_EVENT, data, errors);
        if (errors.size() > before) {
            return; // the rules below assume the shape is right, and would only repeat the schema's errors
        }
        try {
            checkRules(type, data, errors);
        } catch (DateTimeException e) {
            // The schema's date-time format passes a few values java.time rejects, e.g. a leap second.
            errors.add("(data): a time that java.time cannot read: " + e.getMessage());
        }
    }

    private static void checkRules(TalkEventType type, JsonNode data, List<String> errors) {
        Optional<ZoneId> zone = zone(data, errors);
        Instant dueAt = Instant.parse(data.get("dueAt").asText());
        if (type.isSessionEvent()) {
            checkInterval(data, "session", zone, errors);
            expectDueAt(dueAt, instant(data, "session", type == TalkEventType.SESSION_STARTED ? "start" : "end"),
                    "the session's " + (type == TalkEventType.SESSION_STARTED ? "start" : "end"), errors);
            return;
        }
        checkInterval(data, "talk", zone, errors);
        checkOnlyFor(type, TalkEventType.TALK_UPCOMING, "leadMinutes", data, errors);
        checkOnlyFor(type, TalkEventType.TALK_MOVED, "previous", data, errors);
        String status = data.get("talk").get("status").asText();
        Instant start = instant(data, "talk", "start");
        switch (type) {
            case TALK_UPCOMING -> {
                if (data.has("leadMinutes")) {
                    long lead = data.get("leadMinutes").asLong();
                    expectDueAt(dueAt, start.minus(Duration.ofMinutes(lead)), "talk.start minus leadMinutes", errors);
                }
                notCancelled(type, status, errors);
            }
            case TALK_STARTED -> {
                expectDueAt(dueAt, start, "talk.start", errors);
                notCancelled(type, status, errors);
            }
            case TALK_ENDED -> {
                expectDueAt(dueAt, instant(data, "talk", "end"), "talk.end", errors);
                notCancelled(type, status, errors);
            }
            case TALK_MOVED -> {
                expectStatus(type, "moved", status, errors);
                if (data.has("previous")) {
                    checkInterval(data, "previous", zone, errors);
                    checkReallyMoved(data, errors);
                }
            }
            case TALK_CANCELLED -> expectStatus(type, "cancelled", status, errors);
            case SESSION_STARTED, SESSION_ENDED -> throw new IllegalStateException("session events are checked above: " + type);
        }
    }

    private static void checkOnlyFor(TalkEventType type, TalkEventType owner, String field, JsonNode data,
            List<String> errors) {
        if (type == owner && !data.has(field)) {
            errors.add(field + ": required for " + owner.type() + " but missing");
        } else if (type != owner && data.has(field)) {
            errors.add(field + ": only " + owner.type() + " has it, not " + type.type());
        }
    }

    private static void checkReallyMoved(JsonNode data, List<String> errors) {
        JsonNode talk = data.get("talk");
        JsonNode previous = data.get("previous");
        boolean sameRoom = talk.get("room").asText().equals(previous.get("room").asText());
        boolean sameStart = instant(data, "talk", "start").equals(instant(data, "previous", "start"));
        boolean sameEnd = instant(data, "talk", "end").equals(instant(data, "previous", "end"));
        if (sameRoom && sameStart && sameEnd) {
            errors.add("previous: same start, end and room as the talk: nothing moved");
        }
    }

    private static void notCancelled(TalkEventType type, String status, List<String> errors) {
        if ("cancelled".equals(status)) {
            errors.add("talk.status: a cancelled talk has no " + type.type());
        }
    }

    private static void expectStatus(TalkEventType type, String expected, String status, List<String> errors) {
        if (!expected.equals(status)) {
            errors.add("talk.status: '" + status + "' but " + type.type() + " needs '" + expected + "'");
        }
    }

    private static void expectDueAt(Instant dueAt, Instant expected, String what, List<String> errors) {
        if (!dueAt.equals(expected)) {
            errors.add("dueAt: " + dueAt + " is not " + what + " (" + expected + ")");
        }
    }

    /** The conference's zone, if it is one: programme times must carry its offset. */
    private static Optional<ZoneId> zone(JsonNode data, List<String> errors) {
        String name = data.get("conference").get("timeZone").asText();
        try {
            ZoneId zone = ZoneId.of(name);
            if (zone instanceof ZoneOffset) {
                errors.add("conference.timeZone: '" + name + "' is a fixed offset, not an IANA time zone");
                return Optional.empty();
            }
            return Optional.of(zone);
        } catch (DateTimeException e) {
            errors.add("conference.timeZone: '" + name + "' is not an IANA time zone (like America/Los_Angeles)");
            return Optional.empty();
        }
    }

    /** {@code object.start} is before {@code object.end}, and both carry the zone's offset at their instant. */
    private static void checkInterval(JsonNode data, String object, Optional<ZoneId> zone, List<String> errors) {
        OffsetDateTime start = OffsetDateTime.parse(data.get(object).get("start").asText());
        OffsetDateTime end = OffsetDateTime.parse(data.get(object).get("end").asText());
        if (!start.toInstant().isBefore(end.toInstant())) {
            errors.add(object + ".end: " + end + " is not after " + object + ".start " + start);
        }
        zone.ifPresent(z -> {
            checkOffset(object + ".start", start, z, errors);
            checkOffset(object + ".end", end, z, errors);
        });
    }

    private static void checkOffset(String field, OffsetDateTime time, ZoneId zone, List<String> errors) {
        ZoneOffset expected = zone.getRules().getOffset(time.toInstant());
        if (!expected.equals(time.getOffset())) {
            errors.add(field + ": offset " + time.getOffset() + " is not " + zone + "'s offset at that instant ("
                    + expected + ")");
        }
    }

    private static Instant instant(JsonNode data, String object, String field) {
        return OffsetDateTime.parse(data.get(object).get(field).asText()).toInstant();
    }

    // --- schemas, JSON, headers -------------------------------------------------------------------------------------

    private static Schema load(SchemaRegistry registry, String name) {
        try {
            Schema schema = registry.getSchema(JSON.readTree(ContractResources.read(SCHEMAS + name + ".schema.json")));
            // Builds every keyword validator now, so that the first record pays nothing and no lazy
            // initialisation ever runs concurrently.
            schema.initializeValidators();
            return schema;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The contract's " + name + " schema is not JSON", e);
        }
    }

    private static void schemaErrors(Schema schema, JsonNode data, List<String> errors) {
        // A bad time fails both "format" and "pattern": say it once.
        Set<String> distinct = new LinkedHashSet<>();
        for (Error error : schema.validate(data)) {
            distinct.add(describe(error));
        }
        errors.addAll(distinct);
    }

    /**
     * {@code talk.id: required but missing}: the field first, in the same dotted form as our other messages, and for
     * the common mistakes a sentence rather than a regular expression.
     */
    private static String describe(Error error) {
        String location = dotted(error.getInstanceLocation());
        String schemaLocation = String.valueOf(error.getSchemaLocation());
        String value = error.getInstanceNode() == null ? "" : error.getInstanceNode().asText();
        switch (error.getKeyword()) {
            case "required":
                return join(location, error.getProperty()) + ": required but missing";
            case "additionalProperties":
                return join(location, error.getProperty()) + ": unknown field; "
                        + (location.isEmpty() ? "the data" : location) + " allows no other fields";
            case "format":
            case "pattern":
                if (schemaLocation.contains("/$defs/programmeTime/")) {
                    return field(location) + ": '" + value + "' is not a programme time: RFC 3339 with seconds and"
                            + " the conference's offset, like 2022-07-21T07:45:00-07:00";
                }
                if (schemaLocation.contains("/$defs/utcInstant/")) {
                    return field(location) + ": '" + value + "' is not a UTC instant like 2022-07-21T14:35:00Z";
                }
                break;
            default:
                break;
        }
        String message = error.getMessage();
        // networknt may prefix the message with its own rendering of the location: keep ours only.
        String own = error.getInstanceLocation().toString();
        if (message.startsWith(own + ": ")) {
            message = message.substring(own.length() + 2);
        }
        return field(location) + ": " + message;
    }

    private static String join(String location, String property) {
        return location.isEmpty() ? property : location + "." + property;
    }

    private static String field(String location) {
        return location.isEmpty() ? "(data)" : location;
    }

    private static String dotted(NodePath path) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                if (text.length() > 0) {
                    text.append('.');
                }
                text.append(element);
            }
        }
        return text.toString();
    }

    private static Optional<JsonNode> parse(String json, List<String> errors) {
        if (json == null || json.isBlank()) {
            errors.add("(data): the value is empty; it must be a JSON object");
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (!node.isObject()) {
                errors.add("(data): the value is JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                        + ", not an object");
                return Optional.empty();
            }
            return Optional.of(node);
        } catch (JsonProcessingException e) {
            errors.add("(data): not JSON: " + e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private static Optional<Instant> parseRfc3339(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text, RFC_3339).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static void expect(Map<String, String> headers, String name, String expected, List<String> errors) {
        String value = headers.get(name);
        if (value == null) {
            errors.add(name + " is missing (it must be " + expected + ")");
        } else if (!value.equals(expected)) {
            errors.add(name + ": '" + value + "' but it must be " + expected);
        }
    }

    private static void present(Map<String, String> headers, String name, List<String> errors) {
        String value = headers.get(name);
        if (value == null) {
            errors.add(name + " is missing");
        } else if (value.isBlank()) {
            errors.add(name + " is empty");
        }
    }

    private static String mediaType(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
    }

    private static String unknownType(String type) {
        return "'" + type + "' is not an Onstage event type (known: "
                + String.join(", ", Arrays.stream(TalkEventType.values()).map(TalkEventType::type).toList()) + ")";
    }
}
