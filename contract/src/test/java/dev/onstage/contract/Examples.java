package dev.onstage.contract;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The contract's examples as mutable JSON, and headers that go with them: the starting point of every test. */
final class Examples {

    static final ObjectMapper JSON = new ObjectMapper();

    private Examples() {
    }

    static ObjectNode data(TalkEventType type) {
        return parse(type.exampleData());
    }

    static ObjectNode programmeTalk() {
        return parse(ContractResources.read("onstage/contract/examples/programme-talk.json"));
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The headers schedule-service writes for the example of this type. */
    static Map<String, String> headers(TalkEventType type) {
        ObjectNode data = data(type);
        Map<String, String> headers = new HashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", "example-" + type.shortName());
        headers.put("ce_source", "urn:onstage:schedule-service");
        headers.put("ce_type", type.type());
        headers.put("ce_time", data.get("dueAt").asText());
        headers.put("ce_subject", subject(type));
        headers.put("content-type", "application/json");
        return headers;
    }

    /** The key and ce_subject of the example of this type. */
    static String subject(TalkEventType type) {
        return data(type).get(type.isSessionEvent() ? "session" : "talk").get("id").asText();
    }
}
