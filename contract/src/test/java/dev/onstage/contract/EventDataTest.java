package dev.onstage.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The records and the JSON Schemas agree: the schemas' examples read into the records and back, and records the
 * services could build are valid data. */
class EventDataTest {

    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final Conference CONFERENCE = new Conference("icml2022", "ICML 2022", "America/Los_Angeles");
    // Across the switch to winter time: each time carries the offset of its own instant.
    private static final OffsetDateTime START = local(2022, 11, 6, 1, 55);
    private static final OffsetDateTime END = START.toInstant().plusSeconds(1800).atZone(LOS_ANGELES).toOffsetDateTime();
    private static final Talk TALK = new Talk("t-1", "A talk", List.of(), null, "Room 1", START, END,
            TalkStatus.SCHEDULED);
    private static final Session SESSION = new Session("s-1", "A session", "Room 1", null, START, END);

    @ParameterizedTest
    @EnumSource(TalkEventType.class)
    void theExampleOfEveryTypeReadsIntoItsRecordAndWritesBackTheSameJson(TalkEventType type) throws Exception {
        EventData data = EventJson.read(type, type.exampleData());

        assertInstanceOf(type.dataClass(), data);
        assertEquals(type, data.type());
        assertEquals(Examples.subject(type), data.subject());
        assertEquals(compact(type.exampleData()), EventJson.write(data));
        assertEquals(data, EventJson.read(type, Examples.parse(type.exampleData())));
    }

    @Test
    void theProgrammeExampleReadsAndWritesBackTheSameJson() throws Exception {
        String example = ContractResources.read("onstage/contract/examples/programme-talk.json");
        assertEquals(compact(example), EventJson.write(EventJson.readProgrammeTalk(example)));
    }

    @ParameterizedTest
    @EnumSource(TalkEventType.class)
    void aRecordOfEveryTypeIsValidDataWithOnlyTheSchemasFields(TalkEventType type) throws Exception {
        EventData data = sample(type);
        String json = EventJson.write(data);

        assertEquals(List.of(), ContractValidator.validate(type, json), json);
        JsonNode schema = Examples.parse(ContractResources.read(type.schemaResource()));
        Set<String> fields = fieldNames(Examples.parse(json));
        assertTrue(fieldNames(schema.get("properties")).containsAll(fields), fields + " in " + type.schemaResource());
        assertEquals(data, EventJson.read(type, json));
    }

    @Test
    void nullsAreWrittenAsNullAndTimesWithTheirOwnOffset() {
        ObjectNode json = Examples.parse(EventJson.write(sample(TalkEventType.TALK_STARTED)));

        assertTrue(json.get("talk").get("abstract").isNull());
        assertTrue(json.get("session").get("moderator").isNull());
        assertEquals("2022-11-06T01:55:00-07:00", json.get("talk").get("start").textValue());
        assertEquals("2022-11-06T01:25:00-08:00", json.get("talk").get("end").textValue());
        assertEquals("2022-11-06T08:55:00Z", json.get("dueAt").textValue());
        assertEquals("scheduled", json.get("talk").get("status").textValue());
    }

    @Test
    void anUnknownTopLevelFieldIsIgnoredOnReading() throws Exception {
        ObjectNode json = Examples.data(TalkEventType.TALK_ENDED);
        json.put("room-temperature", 21);
        assertEquals(EventJson.read(TalkEventType.TALK_ENDED, TalkEventType.TALK_ENDED.exampleData()),
                EventJson.read(TalkEventType.TALK_ENDED, Examples.json(json)));
    }

    /** Data a producer could build for this type, with the rules of docs/events.md kept. */
    static EventData sample(TalkEventType type) {
        Instant start = START.toInstant();
        return switch (type) {
            case TALK_UPCOMING -> new TalkUpcoming(TALK, SESSION.ref(), CONFERENCE, start.minusSeconds(600), 10, false);
            case TALK_STARTED -> new TalkStarted(TALK, SESSION.ref(), CONFERENCE, start, false);
            case TALK_ENDED -> new TalkEnded(TALK, SESSION.ref(), CONFERENCE, END.toInstant(), true);
            case TALK_MOVED -> new TalkMoved(new Talk(TALK.id(), TALK.title(), List.of("Ada", "Grace"), "Text",
                    "Room 2", START, END, TalkStatus.MOVED), SESSION.ref(), CONFERENCE, start.minusSeconds(3600),
                    new Previous(START, END, "Room 1"), false);
            case TALK_CANCELLED -> new TalkCancelled(new Talk(TALK.id(), TALK.title(), TALK.speakers(), null,
                    TALK.room(), START, END, TalkStatus.CANCELLED), SESSION.ref(), CONFERENCE,
                    start.minusSeconds(60), false);
            case SESSION_STARTED -> new SessionStarted(SESSION, CONFERENCE, start, false);
            case SESSION_ENDED -> new SessionEnded(SESSION, CONFERENCE, END.toInstant(), false);
        };
    }

    private static OffsetDateTime local(int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, LOS_ANGELES).toOffsetDateTime();
    }

    private static String compact(String json) {
        return Examples.json(Examples.parse(json));
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
