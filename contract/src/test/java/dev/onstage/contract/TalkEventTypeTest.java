package dev.onstage.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TalkEventTypeTest {

    @Test
    void wireNamesShortNamesAndLookUp() {
        assertEquals(List.of("onstage.talk.upcoming", "onstage.talk.started", "onstage.talk.ended", "onstage.talk.moved",
                "onstage.talk.cancelled", "onstage.session.started", "onstage.session.ended"),
                Arrays.stream(TalkEventType.values()).map(TalkEventType::type).toList());
        assertEquals("talk.upcoming", TalkEventType.TALK_UPCOMING.shortName());
        assertEquals("session.ended", TalkEventType.SESSION_ENDED.shortName());
        assertEquals(Optional.of(TalkEventType.TALK_MOVED), TalkEventType.fromType("onstage.talk.moved"));
        assertEquals(Optional.empty(), TalkEventType.fromType("talk.moved"));
        assertEquals(Optional.empty(), TalkEventType.fromType(null));
    }

    @Test
    void schemasAndExamples() {
        assertEquals("onstage/contract/schemas/talk-event.schema.json", TalkEventType.TALK_CANCELLED.schemaResource());
        assertEquals("onstage/contract/schemas/session-event.schema.json", TalkEventType.SESSION_STARTED.schemaResource());
        assertEquals("onstage/contract/examples/talk.cancelled.json", TalkEventType.TALK_CANCELLED.exampleResource());
        assertTrue(TalkEventType.SESSION_STARTED.isSessionEvent());
        assertFalse(TalkEventType.TALK_STARTED.isSessionEvent());
    }

    @Test
    void constants() {
        assertEquals("talk-events", Topics.TALK_EVENTS);
        assertEquals("programme", Topics.PROGRAMME);
        assertEquals("talk-events-dlq", Topics.DEAD_LETTERS);
        assertEquals("urn:onstage:schedule-service", CloudEventsAttributes.SOURCE);
        assertEquals("1.0", CloudEventsAttributes.SPEC_VERSION);
    }
}
