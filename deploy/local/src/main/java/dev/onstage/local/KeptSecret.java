package dev.onstage.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A password generated once and kept in a file of the data folder that only its owner may read, so that it stays the
 * same across restarts: the organizer's, the database's.
 */
public final class KeptSecret {

    /** Letters and digits that cannot be mistaken for one another; nothing that needs quoting anywhere. */
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeptSecret() {
    }

    /** The password kept in {@code file}; one of 20 characters (about 117 bits) is generated into it when missing. */
    public static String in(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, password + "\n", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        }
        return password.toString();
    }

    /** Whether {@code password} is one that {@link #in} could have generated: safe to write into SQL as a literal. */
    static boolean plain(String password) {
        return !password.isEmpty() && password.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
    }
}
