package dev.onstage.notification.pairing;

import java.security.SecureRandom;
import java.util.Locale;

import dev.onstage.problems.BadRequest;

/**
 * How a pairing code is written: 12 characters of Crockford's base32 (60 random bits), shown in groups of four
 * ({@code 7K3M-Q9TD-W2XA}) so that it can also be typed. Read back case-insensitively, without the dashes and spaces,
 * with O read as 0 and I and L as 1, as Crockford's alphabet intends.
 */
final class PairingCodeText {

    static final int LENGTH = 12;
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    /** Longer input is not a code, however many dashes and spaces it has. */
    private static final int MAX_INPUT = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PairingCodeText() {
    }

    static String newCode() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** {@code 7K3MQ9TDW2XA} as {@code 7K3M-Q9TD-W2XA}. */
    static String display(String code) {
        return code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8);
    }

    /** The code as stored (its hash) from what a person or a link gave; a 400 naming {@code code} when it is not one. */
    static String normalise(String given) {
        if (given == null || given.isBlank()) {
            throw new BadRequest("code", "A pairing code is needed: {\"code\": \"XXXX-XXXX-XXXX\"}.");
        }
        if (given.length() > MAX_INPUT) {
            throw new BadRequest("code", "A pairing code has " + LENGTH + " letters and digits; this is far longer.");
        }
        StringBuilder code = new StringBuilder(LENGTH);
        for (char c : given.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') {
                continue;
            }
            char read = switch (c) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
            if (ALPHABET.indexOf(read) < 0) {
                throw new BadRequest("code", "A pairing code has only letters and digits (and dashes between groups).");
            }
            code.append(read);
        }
        if (code.length() != LENGTH) {
            throw new BadRequest("code", "A pairing code has " + LENGTH + " letters and digits, not " + code.length()
                    + ".");
        }
        return code.toString();
    }
}
