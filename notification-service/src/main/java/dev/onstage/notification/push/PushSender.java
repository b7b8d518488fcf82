package dev.onstage.notification.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;


import com.interaso.webpush.WebPush;

import dev.onstage.problems.BadRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends one push message (RFC 8030): the payload encrypted for the device (RFC 8291, aes128gcm) and signed with the
 * VAPID key (RFC 8292), both by the library; {@code TTL}, {@code Urgency} and {@code Topic} from the message. Never
 * blocks the caller.
 */
@ApplicationScoped
public class PushSender {

    /** What the push service answered, or -1 when it could not be reached. */
    record Outcome(int status, Duration retryAfter, String detail) {

        boolean delivered() {
            return status >= 200 && status < 300;
        }

        /** The subscription is gone (RFC 8030 8.3: 404 or 410): remove the device. */
        boolean gone() {
            return status == 404 || status == 410;
        }

        /** Worth another try later: the push service was busy, failing or unreachable. */
        boolean retry() {
            return status == 429 || status >= 500 || status < 0;
        }
    }

    // java.net.http sets these itself and refuses them as user headers.
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final VapidKeyring keys;
    private final HttpClient client;
    private final Duration timeout;

    PushSender(VapidKeyring keys, PushConfig config) {
        this.keys = keys;
        this.timeout = config.sendTimeout();
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A p256dh that is not a point of P-256 cannot be encrypted to: refuse it when the device registers. */
    void checkKeys(PushSubscriptionBody.Checked device) {
        try {
            keys.webPush().getBody(new byte[] { 0 }, device.p256dh(), device.auth());
        } catch (Exception e) {
            // Kotlin code throws checked exceptions undeclared (InvalidKeyException: point not on the curve).
            throw new BadRequest("keys.p256dh", "p256dh is not a public key of the P-256 curve.");
        }
    }

    CompletionStage<Outcome> send(String endpoint, String p256dh, String auth, String payload, Duration ttl,
            String urgency, String topic) {
        HttpRequest request;
        try {
            WebPush push = keys.webPush();
            byte[] body = push.getBody(payload.getBytes(StandardCharsets.UTF_8),
                    java.util.Base64.getUrlDecoder().decode(p256dh), java.util.Base64.getUrlDecoder().decode(auth));
            Map<String, String> headers = push.getHeaders(endpoint, (int) Math.max(1, ttl.toSeconds()), topic,
                    urgency(urgency));
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint)).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach((name, value) -> {
                if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    builder.header(name, value);
                }
            });
            request = builder.build();
        } catch (Exception e) {
            // Cannot happen for a device that passed checkKeys; a permanent failure, not worth retrying.
            return CompletableFuture.completedFuture(new Outcome(400, null, "cannot encrypt: " + e.getMessage()));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Outcome(response.statusCode(),
                        retryAfter(response.headers().firstValue("Retry-After").orElse(null), Instant.now()),
                        cut(response.body())))
                .exceptionally(e -> new Outcome(-1, null, String.valueOf(e.getCause() == null ? e : e.getCause())));
    }

    private static WebPush.Urgency urgency(String value) {
        return switch (value) {
            case "very-low" -> WebPush.Urgency.VeryLow;
            case "low" -> WebPush.Urgency.Low;
            case "high" -> WebPush.Urgency.High;
            default -> WebPush.Urgency.Normal;
        };
    }

    /** RFC 9110 Retry-After: delay-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (java.time.format.DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static String cut(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }
}
