package dev.onstage.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** docker-compose.yml at the repository root, read as data. */
final class Compose {

    static final String FILE = "docker-compose.yml";

    final JsonNode root;

    Compose(JsonNode root) {
        this.root = root;
    }

    static Compose load() {
        return new Compose(Repo.yaml(FILE));
    }

    List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        root.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    JsonNode service(String name) {
        JsonNode service = root.path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError(FILE + " has no service " + name);
        }
        return service;
    }

    /** The environment of a service, in either of Compose's forms (a map, or a list of NAME=value). */
    Map<String, String> environment(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode environment = service(name).path("environment");
        if (environment.isObject()) {
            environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        } else if (environment.isArray()) {
            for (JsonNode item : environment) {
                String text = item.asText();
                int eq = text.indexOf('=');
                env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? null : text.substring(eq + 1));
            }
        }
        return env;
    }

    /** The container side of each published port ("8081:8081", "127.0.0.1:9092:19092", or the long form). */
    List<Integer> containerPorts(String name) {
        List<Integer> ports = new ArrayList<>();
        for (JsonNode port : service(name).path("ports")) {
            if (port.isObject()) {
                ports.add(port.path("target").asInt());
            } else {
                String text = port.asText();
                String container = text.substring(text.lastIndexOf(':') + 1);
                ports.add(Integer.parseInt(container.replaceAll("/.*", "")));
            }
        }
        return ports;
    }

    /** The healthcheck command as one string: CMD-SHELL's text, or CMD's arguments joined by spaces. */
    String healthcheck(String name) {
        JsonNode test = service(name).path("healthcheck").path("test");
        if (test.isTextual()) {
            return test.asText();
        }
        List<String> parts = new ArrayList<>();
        test.forEach(p -> parts.add(p.asText()));
        return String.join(" ", parts.subList(1, parts.size()));
    }

    /** The named volumes a service mounts, by mount path ("kafka-data:/var/lib/kafka/data"). */
    Map<String, String> namedVolumes(String name) {
        Map<String, String> byTarget = new LinkedHashMap<>();
        for (JsonNode volume : service(name).path("volumes")) {
            String source;
            String target;
            if (volume.isObject()) {
                source = volume.path("source").asText();
                target = volume.path("target").asText();
            } else {
                String[] parts = volume.asText().split(":");
                source = parts[0];
                target = parts.length > 1 ? parts[1] : parts[0];
            }
            if (!source.startsWith(".") && !source.startsWith("/") && !source.startsWith("~")) {
                byTarget.put(target, source);
            }
        }
        return byTarget;
    }
}
