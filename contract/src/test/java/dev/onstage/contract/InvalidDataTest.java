package dev.onstage.contract;

import static dev.onstage.contract.TalkEventType.SESSION_STARTED;
import static dev.onstage.contract.TalkEventType.TALK_CANCELLED;
import static dev.onstage.contract.TalkEventType.TALK_MOVED;
import static dev.onstage.contract.TalkEventType.TALK_STARTED;
import static dev.onstage.contract.TalkEventType.TALK_UPCOMING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Broken data gives errors that name the field, never an exception. */
class InvalidDataTest {

    @Test
    void missingTalkId() {
        ObjectNode data = Examples.data(TALK_STARTED);
        ((ObjectNode) data.get("talk")).remove("id");
        assertOnlyError(TALK_STARTED, data, "talk.id: required but missing");
    }

    @ParameterizedTest
    @ValueSource(strings = { "2022-07-21 07:45:00-07:00", "2022-07-21T07:45-07:00", "2022-07-21T07:45:00", "21/07/2022 07:45",
            "2022-07-21T07:45:00-0700" })
    void talkStartThatIsNotAnRfc3339DateTimeWithSecondsAndOffset(String start) {
        ObjectNode data = Examples.data(TALK_STARTED);
        ((ObjectNode) data.get("talk")).put("start", start);
        assertOnlyError(TALK_STARTED, data, "talk.start: '" + start + "' is not a programme time: RFC 3339 with seconds"
                + " and the conference's offset, like 2022-07-21T07:45:00-07:00");
    }

    @Test
    void dueAtMustBeInUtc() {
        ObjectNode data = Examples.data(TALK_STARTED);
        data.put("dueAt", "2022-07-21T07:45:00-07:00"); // the right instant, but not in UTC
        assertOnlyError(TALK_STARTED, data, "dueAt: '2022-07-21T07:45:00-07:00' is not a UTC instant like 2022-07-21T14:35:00Z");
    }

    @Test
    void upcomingWithoutLeadMinutes() {
        ObjectNode data = Examples.data(TALK_UPCOMING);
        data.remove("leadMinutes");
        assertOnlyError(TALK_UPCOMING, data, "leadMinutes: required for onstage.talk.upcoming but missing");
    }

    @Test
    void leadMinutesOnlyOnUpcoming() {
        ObjectNode data = Examples.data(TALK_STARTED);
        data.put("leadMinutes", 10);
        assertOnlyError(TALK_STARTED, data, "leadMinutes: only onstage.talk.upcoming has it, not onstage.talk.started");
    }

    @Test
    void leadMinutesMustBePositiveWholeMinutes() {
        ObjectNode data = Examples.data(TALK_UPCOMING);
        data.put("leadMinutes", 0);
        assertAllAbout(TALK_UPCOMING, data, "leadMinutes: ");
        data.put("leadMinutes", 2.5);
        assertAllAbout(TALK_UPCOMING, data, "leadMinutes: ");
    }

    @Test
    void upcomingDueAtIsTheStartMinusTheLead() {
        ObjectNode data = Examples.data(TALK_UPCOMING);
        data.put("leadMinutes", 5);
        assertOnlyError(TALK_UPCOMING, data,
                "dueAt: 2022-07-21T14:35:00Z is not talk.start minus leadMinutes (2022-07-21T14:40:00Z)");
    }

    @Test
    void startedDueAtIsTheStart() {
        ObjectNode data = Examples.data(TALK_STARTED);
        data.put("dueAt", "2022-07-21T14:46:00Z");
        assertOnlyError(TALK_STARTED, data, "dueAt: 2022-07-21T14:46:00Z is not talk.start (2022-07-21T14:45:00Z)");
    }

    @Test
    void movedWithoutPrevious() {
        ObjectNode data = Examples.data(TALK_MOVED);
        data.remove("previous");
        assertOnlyError(TALK_MOVED, data, "previous: required for onstage.talk.moved but missing");
    }

    @Test
    void movedToTheSameTimeAndRoomIsNoMove() {
        ObjectNode data = Examples.data(TALK_MOVED);
        ObjectNode previous = (ObjectNode) data.get("previous");
        previous.put("start", "2022-07-21T15:55:00Z"); // the talk's start, written in UTC: the same instant
        previous.put("end", data.get("talk").get("end").asText());
        List<String> errors = ContractValidator.validate(TALK_MOVED, Examples.json(data));
        assertTrue(errors.contains("previous: same start, end and room as the talk: nothing moved"), errors::toString);
    }

    @Test
    void movedNeedsStatusMovedAndCancelledStatusCancelled() {
        ObjectNode moved = Examples.data(TALK_MOVED);
        ((ObjectNode) moved.get("talk")).put("status", "scheduled");
        assertOnlyError(TALK_MOVED, moved, "talk.status: 'scheduled' but onstage.talk.moved needs 'moved'");
        ObjectNode cancelled = Examples.data(TALK_CANCELLED);
        ((ObjectNode) cancelled.get("talk")).put("status", "moved");
        assertOnlyError(TALK_CANCELLED, cancelled, "talk.status: 'moved' but onstage.talk.cancelled needs 'cancelled'");
    }

    @Test
    void aCancelledTalkDoesNotStart() {
        ObjectNode data = Examples.data(TALK_STARTED);
        ((ObjectNode) data.get("talk")).put("status", "cancelled");
        assertOnlyError(TALK_STARTED, data, "talk.status: a cancelled talk has no onstage.talk.started");
    }

    @Test
    void unknownStatus() {
        ObjectNode data = Examples.data(TALK_STARTED);
        ((ObjectNode) data.get("talk")).put("status", "postponed");
        assertAllAbout(TALK_STARTED, data, "talk.status: ");
    }

    @Test
    void unknownNestedFieldsAreRejected() {
        ObjectNode data = Examples.data(TALK_STARTED);
        ((ObjectNode) data.get("talk")).put("track", "ML");
        assertOnlyError(TALK_STARTED, data, "talk.track: unknown field; talk allows no other fields");

        ObjectNode previous = Examples.data(TALK_MOVED);
        ((ObjectNode) previous.get("previous")).put("session", "icml2022-deep-learning");
        assertOnlyError(TALK_MOVED, previous, "previous.session: unknown field; previous allows no other fields");
    }

    @Test
    void unknownTopLevelFieldsAreAllowedForForwardCompatibility() {
        ObjectNode data = Examples.data(TALK_STARTED);
        data.put("livestreamUrl", "https://example.org/live/ballroom-1-2");
        assertEquals(List.of(), ContractValidator.validate(TALK_STARTED, Examples.json(data)));
    }

    @Test
    void speakersMustBeNames() {
        ObjectNode data = Examples.data(TALK_STARTED);
        ((ObjectNode) data.get("talk")).putArray("speakers").add("John Rachwan").add("");
        assertAllAbout(TALK_STARTED, data, "talk.speakers[1]: ");
    }

    @Test
    void nullableFieldsAcceptNull() {
        ObjectNode data = Examples.data(TALK_STARTED);
        ((ObjectNode) data.get("talk")).putNull("abstract");
        ((ObjectNode) data.get("session")).putNull("moderator");
        assertEquals(List.of(), ContractValidator.validate(TALK_STARTED, Examples.json(data)));
        ((ObjectNode) data.get("talk")).putNull("title");
        assertAllAbout(TALK_STARTED, data, "talk.title: ");
    }

    @Test
    void programmeTimesCarryTheConferenceOffset() {
        ObjectNode data = Examples.data(TALK_STARTED);
        // The same instants as the example, but written with the winter offset: not what Los Angeles has in July.
        ((ObjectNode) data.get("talk")).put("start", "2022-07-21T06:45:00-08:00");
        ((ObjectNode) data.get("talk")).put("end", "2022-07-21T06:50:00-08:00");
        List<String> errors = ContractValidator.validate(TALK_STARTED, Examples.json(data));
        assertEquals(List.of(
                "talk.start: offset -08:00 is not America/Los_Angeles's offset at that instant (-07:00)",
                "talk.end: offset -08:00 is not America/Los_Angeles's offset at that instant (-07:00)"), errors);
    }

    @Test
    void theTimeZoneMustBeAnIanaZone() {
        ObjectNode data = Examples.data(TALK_STARTED);
        ((ObjectNode) data.get("conference")).put("timeZone", "Pacific Time");
        assertOnlyError(TALK_STARTED, data,
                "conference.timeZone: 'Pacific Time' is not an IANA time zone (like America/Los_Angeles)");
        ((ObjectNode) data.get("conference")).put("timeZone", "-07:00");
        assertOnlyError(TALK_STARTED, data, "conference.timeZone: '-07:00' is a fixed offset, not an IANA time zone");
    }

    @Test
    void aTalkEndsAfterItStarts() {
        ObjectNode data = Examples.data(TALK_CANCELLED);
        ((ObjectNode) data.get("talk")).put("end", "2022-07-21T07:45:00-07:00");
        assertOnlyError(TALK_CANCELLED, data,
                "talk.end: 2022-07-21T07:45-07:00 is not after talk.start 2022-07-21T07:45-07:00");
    }

    @Test
    void sessionEventsNeedSessionDataWithTimes() {
        List<String> errors = ContractValidator.validate(SESSION_STARTED, TALK_STARTED.exampleData());
        assertTrue(errors.contains("session.start: required but missing"), errors::toString);
    }

    @Test
    void sessionStartedIsDueAtTheSessionStart() {
        ObjectNode data = Examples.data(SESSION_STARTED);
        data.put("dueAt", "2022-07-21T14:45:00Z");
        assertOnlyError(SESSION_STARTED, data,
                "dueAt: 2022-07-21T14:45:00Z is not the session's start (2022-07-21T14:30:00Z)");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " ", "{", "[1, 2]", "\"talk\"", "null" })
    void valuesThatAreNoJsonObjectGiveAnErrorNotAnException(String value) {
        List<String> errors = ContractValidator.validate(TALK_STARTED, value);
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).startsWith("(data): "), errors::toString);
    }

    @Test
    void unknownTypesAreAnError() {
        assertEquals(List.of("'talk.started' is not an Onstage event type (known: onstage.talk.upcoming, "
                + "onstage.talk.started, onstage.talk.ended, onstage.talk.moved, onstage.talk.cancelled, "
                + "onstage.session.started, onstage.session.ended)"),
                ContractValidator.validate("talk.started", TALK_STARTED.exampleData()));
        assertFalse(ContractValidator.validate((String) null, "{}").isEmpty());
        assertEquals(List.of(), ContractValidator.validate("onstage.talk.started", TALK_STARTED.exampleData()));
    }

    private static void assertOnlyError(TalkEventType type, ObjectNode data, String expected) {
        assertEquals(List.of(expected), ContractValidator.validate(type, Examples.json(data)));
    }

    /** At least one error, and every error names the field. */
    private static List<String> assertAllAbout(TalkEventType type, ObjectNode data, String fieldPrefix) {
        List<String> errors = ContractValidator.validate(type, Examples.json(data));
        assertFalse(errors.isEmpty(), "no error for " + fieldPrefix);
        errors.forEach(error -> assertTrue(error.startsWith(fieldPrefix), () -> "not about " + fieldPrefix + errors));
        return errors;
    }
}
