package dev.onstage.notification.push;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;

import dev.onstage.problems.BadRequest;

/**
 * A browser's {@code PushSubscription.toJSON()}: {@code {"endpoint": ..., "expirationTime": ..., "keys": {"p256dh":
 * ..., "auth": ...}}}. Fields it does not list (expirationTime) are ignored.
 */
public record PushSubscriptionBody(String endpoint, Keys keys) {

    public record Keys(String p256dh, String auth) {
    }

    /** The checked subscription: the endpoint as given, the keys decoded. */
    record Checked(String endpoint, byte[] p256dh, byte[] auth, String p256dhText, String authText) {
    }

    static final int MAX_ENDPOINT = 2048;

    /** Checks the endpoint: an absolute https URL (http too when {@code allowInsecure}, for a local push service). */
    static String checkEndpoint(String endpoint, boolean allowInsecure) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new BadRequest("endpoint", "The subscription's endpoint is missing.");
        }
        if (endpoint.length() > MAX_ENDPOINT) {
            throw new BadRequest("endpoint", "An endpoint has at most " + MAX_ENDPOINT + " characters.");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new BadRequest("endpoint", "The endpoint is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new BadRequest("endpoint", "The endpoint must be an https URL with a host.");
        }
        if (scheme.equals("http") && !allowInsecure) {
            // A push message is encrypted, but its VAPID token and metadata are not: only https push services.
            throw new BadRequest("endpoint", "The endpoint must be https (push services are; plain http is only"
                    + " accepted with onstage.push.allow-insecure-endpoints=true).");
        }
        if (uri.getRawUserInfo() != null) {
            throw new BadRequest("endpoint", "The endpoint must not carry user information.");
        }
        return endpoint;
    }

    /** Checks the whole body; the keys' lengths here, whether p256dh is a point of P-256 by {@link PushSender}. */
    Checked check(boolean allowInsecure) {
        String url = checkEndpoint(endpoint, allowInsecure);
        if (keys == null) {
            throw new BadRequest("keys", "The subscription's keys (p256dh, auth) are missing.");
        }
        byte[] p256dh = base64url("keys.p256dh", keys.p256dh());
        if (p256dh.length != 65 || p256dh[0] != 4) {
            throw new BadRequest("keys.p256dh", "p256dh is an uncompressed P-256 point: 65 bytes, the first 0x04.");
        }
        byte[] auth = base64url("keys.auth", keys.auth());
        if (auth.length != 16) {
            throw new BadRequest("keys.auth", "auth is a 16-byte secret (RFC 8291); this one has " + auth.length
                    + " bytes.");
        }
        return new Checked(url, p256dh, auth, keys.p256dh(), keys.auth());
    }

    private static byte[] base64url(String where, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequest(where, where + " is missing.");
        }
        if (value.length() > 200) {
            throw new BadRequest(where, where + " is too long.");
        }
        try {
            return Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(where, where + " is not base64url: " + e.getMessage());
        }
    }
}
