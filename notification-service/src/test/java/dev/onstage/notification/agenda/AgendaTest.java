package dev.onstage.notification.agenda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Loads of an agenda that overlap: the request that waits for its own load finds its change in place. */
class AgendaTest {

    private final Agenda agenda = new Agenda(UUID.randomUUID());

    @Test
    void aLoadThatEndsWhileALaterOneRunsIsApplied() {
        agenda.loaded(agenda.loadStarted(), Map.of("a", 5, "b", 5));
        // A favourite is removed: the request's own load starts, then a notification's load starts too.
        long own = agenda.loadStarted();
        long notified = agenda.loadStarted();
        assertTrue(agenda.loaded(own, Map.of("a", 5)));
        // The request answers now: its change must already be in the agenda.
        assertEquals(Set.of("a"), agenda.talkIds());
        assertTrue(agenda.loaded(notified, Map.of("a", 5)));
        assertEquals(Set.of("a"), agenda.talkIds());
    }

    @Test
    void anEarlierLoadThatEndsLastDoesNotOverwriteALaterOne() {
        long earlier = agenda.loadStarted();
        long later = agenda.loadStarted();
        assertTrue(agenda.loaded(later, Map.of("b", 10)));
        assertFalse(agenda.loaded(earlier, Map.of("a", 5)));
        assertEquals(Set.of("b"), agenda.talkIds());
        assertEquals(10, agenda.leadMinutes("b"));
    }

    @Test
    void listenersRunOnEveryAppliedChange() {
        int[] runs = new int[1];
        agenda.onChange(() -> runs[0]++);
        agenda.loaded(agenda.loadStarted(), Map.of("a", 5));
        long earlier = agenda.loadStarted();
        agenda.loaded(agenda.loadStarted(), Map.of());
        agenda.loaded(earlier, Map.of("a", 5));
        assertEquals(2, runs[0]);
    }
}
