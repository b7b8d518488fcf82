package dev.onstage.notification.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.onstage.problems.BadRequest;

/** Endpoints are https unless insecure ones are allowed; Retry-After in both of its forms; the backoff. */
class PushSubscriptionBodyTest {

    @Test
    void plainHttpEndpointsOnlyWhenAllowed() {
        assertEquals("https://fcm.googleapis.com/fcm/send/abc",
                PushSubscriptionBody.checkEndpoint("https://fcm.googleapis.com/fcm/send/abc", false));
        BadRequest refused = assertThrows(BadRequest.class,
                () -> PushSubscriptionBody.checkEndpoint("http://localhost:8090/notify/abc", false));
        assertEquals("endpoint", refused.where());
        assertEquals("http://localhost:8090/notify/abc",
                PushSubscriptionBody.checkEndpoint("http://localhost:8090/notify/abc", true));
        for (String bad : new String[] { "ftp://push.example.net/a", "https:///a", "/relative",
                "https://user:pw@push.example.net/a", "javascript:alert(1)" }) {
            assertThrows(BadRequest.class, () -> PushSubscriptionBody.checkEndpoint(bad, true), bad);
        }
    }

    @Test
    void retryAfterAsSecondsOrDate() {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        assertEquals(Duration.ofSeconds(120), PushSender.retryAfter("120", now));
        assertEquals(Duration.ofSeconds(30), PushSender.retryAfter("Wed, 02 Dec 2026 10:00:30 GMT", now));
        assertEquals(Duration.ZERO, PushSender.retryAfter("Wed, 02 Dec 2026 09:00:00 GMT", now));
        assertEquals(null, PushSender.retryAfter("soon", now));
        assertEquals(null, PushSender.retryAfter(null, now));
    }

    @Test
    void backoffDoublesUpToItsCapAndNeverUndercutsRetryAfter() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(2), Duration.ofMinutes(5));
        assertEquals(Duration.ofSeconds(2), backoff.after(1, null));
        assertEquals(Duration.ofSeconds(8), backoff.after(3, null));
        assertEquals(Duration.ofMinutes(5), backoff.after(12, null));
        assertEquals(Duration.ofSeconds(60), backoff.after(1, Duration.ofSeconds(60)));
        assertEquals(Duration.ofSeconds(8), backoff.after(3, Duration.ofSeconds(1)));
    }
}
