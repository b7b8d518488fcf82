package dev.onstage.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the contract's files from this jar. */
final class ContractResources {

    private ContractResources() {
    }

    static String read(String resource) {
        // This class's loader: the contract's files live in the same jar, whatever the caller's context loader is.
        try (InputStream in = ContractResources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from onstage-contract");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
