package dev.onstage.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

class AsyncApiTest {

    private static JsonNode doc;

    @BeforeAll
    static void parse() throws Exception {
        doc = new YAMLMapper().readTree(AsyncApi.yaml());
    }

    @Test
    void isAnAsyncApi3DocumentAboutOurTopics() {
        assertEquals("3.0.0", doc.get("asyncapi").asText());
        assertEquals(Topics.TALK_EVENTS, doc.at("/channels/talkEvents/address").asText());
        assertEquals(Topics.PROGRAMME, doc.at("/channels/programme/address").asText());
        assertEquals(Topics.DEAD_LETTERS, doc.at("/channels/deadLetters/address").asText());
        assertEquals("compact", doc.at("/channels/programme/bindings/kafka/topicConfiguration/cleanup.policy/0").asText());
    }

    @Test
    void everyInternalReferenceResolves() {
        forEachRef(doc, (ref, where) -> {
            if (ref.startsWith("#")) {
                assertFalse(doc.at(ref.substring(1)).isMissingNode(), ref + " at " + where);
            }
        });
    }

    @Test
    void everyPayloadReferenceIsASchemaFileOfTheContract() {
        Set<String> files = new TreeSet<>();
        forEachRef(doc, (ref, where) -> {
            if (!ref.startsWith("#")) {
                assertTrue(ref.startsWith("./"), ref);
                assertTrue(where.endsWith("/payload/schema"), "an external $ref outside a payload: " + where);
                Optional<String> file = AsyncApi.file(ref);
                assertTrue(file.isPresent(), ref + " is not a file of the contract");
                assertEquals("https://json-schema.org/draft/2020-12/schema",
                        Examples.parse(file.get()).get("$schema").asText(), ref);
                files.add(ref.substring(2));
            }
        });
        assertEquals(new TreeSet<>(AsyncApi.FILES), files);
    }

    @ParameterizedTest
    @EnumSource(TalkEventType.class)
    void everyTypeHasItsMessageOnTalkEvents(TalkEventType type) {
        JsonNode message = talkEventsMessage(type).orElseThrow(() -> new AssertionError("no message for " + type));
        assertEquals(type.type(), message.at("/headers/allOf/1/properties/ce_type/const").asText());
        assertEquals("#/components/schemas/cloudEventHeaders", message.at("/headers/allOf/0/$ref").asText());
        assertEquals("./" + type.schemaResource().substring("onstage/contract/".length()),
                message.at("/payload/schema/$ref").asText());
        assertEquals(type.isSessionEvent() ? "#/components/messageTraits/sessionEventRecord"
                : "#/components/messageTraits/talkEventRecord", message.at("/traits/0/$ref").asText());
    }

    @Test
    void theHeaderSchemaKnowsExactlyOurTypes() {
        List<String> types = new ArrayList<>();
        doc.at("/components/schemas/cloudEventHeaders/properties/ce_type/enum").forEach(t -> types.add(t.asText()));
        assertEquals(Arrays.stream(TalkEventType.values()).map(TalkEventType::type).toList(), types);
        assertEquals(CloudEventsAttributes.SOURCE,
                doc.at("/components/schemas/cloudEventHeaders/properties/ce_source/const").asText());
    }

    @Test
    void scheduleServiceSendsAndNotificationServiceReceivesEveryType() {
        for (String operation : List.of("publishTalkEvents", "receiveTalkEvents")) {
            JsonNode op = doc.at("/operations/" + operation);
            assertEquals("#/channels/talkEvents", op.at("/channel/$ref").asText());
            Set<String> names = new TreeSet<>();
            op.get("messages").forEach(m -> names.add(deref(m).get("name").asText()));
            assertEquals(new TreeSet<>(Arrays.stream(TalkEventType.values()).map(TalkEventType::type).toList()), names,
                    operation);
        }
        assertEquals("send", doc.at("/operations/publishTalkEvents/action").asText());
        assertEquals("receive", doc.at("/operations/receiveTalkEvents/action").asText());
    }

    @ParameterizedTest
    @EnumSource(TalkEventType.class)
    void theMessageExampleIsTheExampleFileAndAValidRecord(TalkEventType type) {
        JsonNode example = talkEventsMessage(type).orElseThrow().at("/examples/0");
        assertEquals(Examples.data(type), example.get("payload"), "asyncapi.yaml and " + type.exampleResource());
        Map<String, String> headers = new HashMap<>();
        example.get("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        assertEquals(List.of(), ContractValidator.validateRecord(headers.get("ce_subject"), headers,
                example.get("payload").toString()));
    }

    @Test
    void theProgrammeExampleIsTheExampleFile() {
        JsonNode payload = doc.at("/components/messages/programmeTalk/examples/0/payload");
        assertEquals(Examples.programmeTalk(), payload);
        assertEquals(List.of(), ContractValidator.validateProgrammeRecord("icml2022-deep-learning-4", payload.toString()));
    }

    @Test
    void deadLettersCarrySmallRyesHeaders() {
        JsonNode properties = doc.at("/components/messages/deadLetter/headers/properties");
        for (String header : List.of("dead-letter-reason", "dead-letter-cause", "dead-letter-topic",
                "dead-letter-partition", "dead-letter-offset")) {
            assertNotNull(properties.get(header), header);
        }
    }

    @Test
    void onlyTheReferencedFilesAreServed() {
        assertTrue(AsyncApi.file("schemas/talk-event.schema.json").isPresent());
        assertEquals(Optional.empty(), AsyncApi.file("../contract/asyncapi.yaml"));
        assertEquals(Optional.empty(), AsyncApi.file("examples/talk.started.json"));
        assertEquals(Optional.empty(), AsyncApi.file(null));
    }

    private static Optional<JsonNode> talkEventsMessage(TalkEventType type) {
        List<JsonNode> found = new ArrayList<>();
        doc.at("/channels/talkEvents/messages").forEach(ref -> {
            JsonNode message = deref(ref);
            if (type.type().equals(message.path("name").asText())) {
                found.add(message);
            }
        });
        assertTrue(found.size() <= 1, "more than one message for " + type);
        return found.stream().findFirst();
    }

    /** Follows internal {@code $ref}s (an operation's message refers to the channel's, which refers to a component). */
    private static JsonNode deref(JsonNode node) {
        while (node.has("$ref")) {
            node = doc.at(node.get("$ref").asText().substring(1)); // "#/components/..." -> JSON pointer
        }
        return node;
    }

    private static void forEachRef(JsonNode node, BiConsumer<String, String> check) {
        walk(node, "", check);
    }

    private static void walk(JsonNode node, String path, BiConsumer<String, String> check) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    check.accept(field.getValue().asText(), path);
                } else {
                    walk(field.getValue(), path + "/" + field.getKey(), check);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, check);
            }
        }
    }
}
