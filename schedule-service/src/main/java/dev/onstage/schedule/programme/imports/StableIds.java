package dev.onstage.schedule.programme.imports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Ids for things the input gives no id to, stable across re-imports of the same input.
 *
 * <p>An id is {@code <slug of a label>-<12 hex digits of SHA-256 over the identifying parts>}, e.g.
 * {@code does-the-data-induce-capacity-control-in-deep-3f0c9a1b2d4e}. The slug only makes ids readable in logs;
 * the hash makes them unique. The parts are joined with a separator that cannot occur in text (U+001F) so that
 * ("a b", "c") and ("a", "b c") hash differently.
 */
final class StableIds {

    private static final int MAX_SLUG_LENGTH = 40;
    private static final int HASH_HEX_DIGITS = 12;

    private StableIds() {
    }

    static String of(String label, String... identifyingParts) {
        String hash = sha256Hex(String.join("\u001f", identifyingParts)).substring(0, HASH_HEX_DIGITS);
        String slug = slug(label);
        if (slug.length() > MAX_SLUG_LENGTH) {
            slug = slug.substring(0, MAX_SLUG_LENGTH);
            // Cut at a word boundary when there is one, so that ids do not end in half a word.
            int lastDash = slug.lastIndexOf('-');
            if (lastDash > 0) {
                slug = slug.substring(0, lastDash);
            }
        }
        return slug.isEmpty() ? hash : slug + "-" + hash;
    }

    /** Lower-case ASCII letters and digits separated by single dashes: "Zügner & Co." becomes "zugner-co". */
    static String slug(String text) {
        String withoutAccents = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = withoutAccents.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return slug.replaceAll("^-+|-+$", "");
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
