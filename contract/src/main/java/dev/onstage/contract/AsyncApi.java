package dev.onstage.contract;

import java.util.List;
import java.util.Optional;

/**
 * The AsyncAPI 3.0 document of the public Kafka interface, for a service to serve, e.g. at {@code /asyncapi.yaml}.
 *
 * <p>Its payloads refer to the JSON Schemas by relative paths ({@code ./schemas/talk-event.schema.json}); a service
 * that serves the document should serve {@link #FILES} beside it, e.g. at {@code /schemas/talk-event.schema.json},
 * so that tools can follow the references.
 */
public final class AsyncApi {

    /** Classpath resource of the document. */
    public static final String RESOURCE = "onstage/contract/asyncapi.yaml";

    /** The files the document refers to, by their path relative to it. */
    public static final List<String> FILES = List.of(
            "schemas/talk-event.schema.json",
            "schemas/session-event.schema.json",
            "schemas/programme-talk.schema.json");

    private static final String BASE = "onstage/contract/";

    private AsyncApi() {
    }

    /** The document as YAML text. */
    public static String yaml() {
        return Holder.YAML;
    }

    /**
     * A file the document refers to.
     *
     * @param relativePath its path relative to the document, e.g. {@code schemas/talk-event.schema.json}
     * @return its text; empty for any other path (a fixed list, so a request path can be passed as it is)
     */
    public static Optional<String> file(String relativePath) {
        if (relativePath == null) {
            return Optional.empty();
        }
        String path = relativePath.startsWith("./") ? relativePath.substring(2) : relativePath;
        return FILES.contains(path) ? Optional.of(ContractResources.read(BASE + path)) : Optional.empty();
    }

    // Read once, on first use, so that serving it costs nothing.
    private static final class Holder {
        static final String YAML = ContractResources.read(RESOURCE);
    }
}
