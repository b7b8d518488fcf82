package dev.onstage.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/** Every YAML document under deploy/k8s, with the file it came from. */
final class Manifests {

    static final String DIR = "deploy/k8s";
    static final String KUSTOMIZATION = "kustomization.yaml";

    record Doc(String file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String apiVersion() {
            return node.path("apiVersion").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return kind() + " " + name() + " (" + file + ")";
        }
    }

    final Map<String, List<Doc>> byFile = new LinkedHashMap<>();

    static Manifests load() {
        Manifests manifests = new Manifests();
        try (Stream<Path> files = Files.list(Repo.path(DIR))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().toList()) {
                List<Doc> docs = new ArrayList<>();
                for (JsonNode node : Repo.yamlDocuments(file)) {
                    docs.add(new Doc(file.getFileName().toString(), node));
                }
                manifests.byFile.put(file.getFileName().toString(), docs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return manifests;
    }

    JsonNode kustomization() {
        return byFile.get(KUSTOMIZATION).get(0).node();
    }

    /** The resources kubectl applies: every document but the kustomization itself. */
    List<Doc> resources() {
        return byFile.entrySet().stream().filter(e -> !e.getKey().equals(KUSTOMIZATION))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    List<Doc> ofKind(String kind) {
        return resources().stream().filter(d -> d.kind().equals(kind)).toList();
    }

    Doc one(String kind, String name) {
        return ofKind(kind).stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(DIR + " has no " + kind + " " + name));
    }

    /** The only resource of a kind (a Kafka, a Cluster). */
    Doc single(String kind) {
        List<Doc> docs = ofKind(kind);
        if (docs.size() != 1) {
            throw new AssertionError(DIR + " must hold exactly one " + kind + ", not " + docs);
        }
        return docs.get(0);
    }
}
