package dev.onstage.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

class ExamplesAreValidTest {

    @ParameterizedTest
    @EnumSource(TalkEventType.class)
    void theExampleOfEveryTypeIsValidData(TalkEventType type) {
        assertEquals(List.of(), ContractValidator.validate(type, type.exampleData()));
    }

    @ParameterizedTest
    @EnumSource(TalkEventType.class)
    void theExampleOfEveryTypeMakesAValidRecordWithItsHeaders(TalkEventType type) {
        assertEquals(List.of(), ContractValidator.validateRecord(Examples.subject(type), Examples.headers(type),
                type.exampleData()));
    }

    @Test
    void theProgrammeExampleIsAValidProgrammeRecord() {
        String value = ContractResources.read("onstage/contract/examples/programme-talk.json");
        assertEquals(List.of(), ContractValidator.validateProgrammeRecord("icml2022-deep-learning-4", value));
    }

    @Test
    void examplesUseTheSeedTalk() {
        JsonNode talk = Examples.data(TalkEventType.TALK_UPCOMING).get("talk");
        assertEquals("Winning the Lottery Ahead of Time: Efficient Early Network Pruning", talk.get("title").asText());
        assertEquals("Daniel Zügner", talk.get("speakers").get(1).asText());
        assertEquals("2022-07-21T07:45:00-07:00", talk.get("start").asText());
        assertTrue(talk.get("abstract").asText().startsWith("Pruning, the task of sparsifying"));
    }
}
