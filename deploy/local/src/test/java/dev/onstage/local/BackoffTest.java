package dev.onstage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration QUICK = Duration.ofSeconds(2);

    @Test
    void doublesFromOneSecondUpToThirtySeconds() {
        Backoff backoff = new Backoff();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(backoff.after(QUICK).toSeconds());
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L), delays);
    }

    @Test
    void startsAgainAtOneSecondAfterTheProcessStayedUpAMinute() {
        Backoff backoff = new Backoff();
        backoff.after(QUICK);
        backoff.after(QUICK);
        assertEquals(4, backoff.after(QUICK).toSeconds());
        assertEquals(1, backoff.after(Backoff.STABLE).toSeconds());
        assertEquals(2, backoff.after(Duration.ofSeconds(59)).toSeconds());
    }
}
