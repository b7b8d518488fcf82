package dev.onstage.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/** The schemas are the public documentation too: every field described, shared definitions kept identical. */
class SchemasTest {

    private static JsonNode schema(String name) {
        return Examples.parse(ContractResources.read("onstage/contract/schemas/" + name + ".schema.json"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "talk-event", "session-event", "programme-talk" })
    void everyFieldHasADescription(String name) {
        JsonNode schema = schema(name);
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
        assertEquals("urn:onstage:contract:schema:" + name, schema.get("$id").asText());
        List<String> undescribed = new ArrayList<>();
        collectUndescribed(schema, schema, "", undescribed);
        assertEquals(List.of(), undescribed);
    }

    @ParameterizedTest
    @ValueSource(strings = { "talk-event", "session-event", "programme-talk" })
    void nestedObjectsAreClosedAndTheTopLevelIsOpen(String name) {
        JsonNode schema = schema(name);
        assertFalse(schema.has("additionalProperties"), "the top level stays open for additions");
        schema.get("$defs").fields().forEachRemaining(def -> {
            if ("object".equals(def.getValue().path("type").asText())) {
                assertEquals(false, def.getValue().get("additionalProperties").asBoolean(true), def.getKey());
            }
        });
    }

    @Test
    void sharedDefinitionsAreTheSameInEverySchema() {
        // Each schema is self-contained (easy to hand to another team's tool), so shared parts are copies.
        JsonNode talkEvent = schema("talk-event").get("$defs");
        JsonNode sessionEvent = schema("session-event").get("$defs");
        JsonNode programme = schema("programme-talk").get("$defs");
        for (String def : List.of("conference", "programmeTime", "utcInstant")) {
            assertEquals(talkEvent.get(def), sessionEvent.get(def), def);
            assertEquals(talkEvent.get(def), programme.get(def), def);
        }
        assertEquals(talkEvent.get("talk"), programme.get("talk"));
        assertEquals(sessionEvent.get("session"), programme.get("session"));
    }

    private static void collectUndescribed(JsonNode root, JsonNode node, String path, List<String> undescribed) {
        JsonNode properties = node.get("properties");
        if (properties != null) {
            for (Map.Entry<String, JsonNode> property : (Iterable<Map.Entry<String, JsonNode>>) properties::fields) {
                JsonNode target = resolve(root, property.getValue());
                if (!property.getValue().has("description") && !target.has("description")) {
                    undescribed.add(path + property.getKey());
                }
            }
        }
        JsonNode defs = node.get("$defs");
        if (defs != null) {
            defs.fields().forEachRemaining(def -> collectUndescribed(root, def.getValue(), def.getKey() + ".", undescribed));
        }
    }

    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        assertTrue(ref.isEmpty() || ref.startsWith("#/$defs/"), ref);
        return ref.isEmpty() ? schema : root.at(ref.substring(1));
    }
}
