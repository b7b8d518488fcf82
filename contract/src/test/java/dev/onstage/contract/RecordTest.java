package dev.onstage.contract;

import static dev.onstage.contract.TalkEventType.SESSION_ENDED;
import static dev.onstage.contract.TalkEventType.TALK_MOVED;
import static dev.onstage.contract.TalkEventType.TALK_UPCOMING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A whole talk-events record: headers, data, and that key, subject and time agree with the data. */
class RecordTest {

    private static final String TALK_ID = "icml2022-deep-learning-4";

    @Test
    void theKeyIsTheTalkId() {
        assertEquals(List.of("key: 'icml2022-deep-learning' is not the talk.id 'icml2022-deep-learning-4'"),
                ContractValidator.validateRecord("icml2022-deep-learning", Examples.headers(TALK_UPCOMING),
                        TALK_UPCOMING.exampleData()));
        assertEquals(List.of("key is missing (it must be the talk id)"),
                ContractValidator.validateRecord(null, Examples.headers(TALK_UPCOMING), TALK_UPCOMING.exampleData()));
    }

    @Test
    void sessionEventsAreKeyedBySessionId() {
        assertEquals(List.of(), ContractValidator.validateRecord("icml2022-deep-learning", Examples.headers(SESSION_ENDED),
                SESSION_ENDED.exampleData()));
        assertEquals(List.of("key is missing (it must be the session id)"),
                ContractValidator.validateRecord(null, Examples.headers(SESSION_ENDED), SESSION_ENDED.exampleData()));
    }

    @Test
    void theSubjectIsTheTalkId() {
        Map<String, String> headers = Examples.headers(TALK_MOVED);
        headers.put("ce_subject", "icml2022-deep-learning-5");
        assertEquals(List.of("ce_subject: 'icml2022-deep-learning-5' is not the talk.id 'icml2022-deep-learning-4'"),
                ContractValidator.validateRecord(TALK_ID, headers, TALK_MOVED.exampleData()));
    }

    @Test
    void ceTimeIsTheInstantOfDueAt() {
        Map<String, String> headers = Examples.headers(TALK_UPCOMING);
        headers.put("ce_time", "2022-07-21T07:35:00-07:00"); // dueAt, written with an offset: the same instant
        assertEquals(List.of(), ContractValidator.validateRecord(TALK_ID, headers, TALK_UPCOMING.exampleData()));
        headers.put("ce_time", "2022-07-21T14:45:00Z");
        assertEquals(List.of("ce_time: 2022-07-21T14:45:00Z is not the instant of dueAt 2022-07-21T14:35:00Z"),
                ContractValidator.validateRecord(TALK_ID, headers, TALK_UPCOMING.exampleData()));
    }

    @Test
    void theDataIsCheckedAgainstTheTypeInTheHeaders() {
        Map<String, String> headers = Examples.headers(TALK_UPCOMING);
        headers.put("ce_type", TALK_MOVED.type());
        assertEquals(List.of("leadMinutes: only onstage.talk.upcoming has it, not onstage.talk.moved",
                "previous: required for onstage.talk.moved but missing",
                "talk.status: 'scheduled' but onstage.talk.moved needs 'moved'"),
                ContractValidator.validateRecord(TALK_ID, headers, TALK_UPCOMING.exampleData()));
    }

    @Test
    void aTombstoneOnTalkEventsIsNotAnEvent() {
        assertEquals(List.of("(data): the value is empty; it must be a JSON object"),
                ContractValidator.validateRecord(TALK_ID, Examples.headers(TALK_UPCOMING), null));
    }

    @Test
    void withAnUnknownTypeOnlyTheHeadersAreReported() {
        Map<String, String> headers = Examples.headers(TALK_UPCOMING);
        headers.remove("ce_type");
        assertEquals(List.of("ce_type is missing"),
                ContractValidator.validateRecord(TALK_ID, headers, TALK_UPCOMING.exampleData()));
    }

    @Test
    void programmeRecords() {
        String value = Examples.json(Examples.programmeTalk());
        assertEquals(List.of(), ContractValidator.validateProgrammeRecord(TALK_ID, value));
        assertEquals(List.of(), ContractValidator.validateProgrammeRecord(TALK_ID, null)); // tombstone
        assertEquals(List.of("key: 'other' is not the talk.id 'icml2022-deep-learning-4'"),
                ContractValidator.validateProgrammeRecord("other", value));
        assertEquals(List.of("key is missing (it must be the talk id)"),
                ContractValidator.validateProgrammeRecord(null, null));

        ObjectNode cancelled = Examples.programmeTalk();
        ((ObjectNode) cancelled.get("talk")).put("status", "cancelled"); // cancelled talks stay on the topic
        assertEquals(List.of(), ContractValidator.validateProgrammeRecord(TALK_ID, Examples.json(cancelled)));

        ObjectNode withoutSessionTimes = Examples.programmeTalk();
        ((ObjectNode) withoutSessionTimes.get("session")).remove("end");
        ((ObjectNode) withoutSessionTimes.get("talk")).put("end", "2022-07-21T14:50:00Z");
        assertEquals(List.of("session.end: required but missing"),
                ContractValidator.validateProgrammeRecord(TALK_ID, Examples.json(withoutSessionTimes)));
        withoutSessionTimes.set("session", Examples.programmeTalk().get("session"));
        assertEquals(List.of("talk.end: offset Z is not America/Los_Angeles's offset at that instant (-07:00)"),
                ContractValidator.validateProgrammeRecord(TALK_ID, Examples.json(withoutSessionTimes)));
    }
}
