package dev.onstage.contract;

import static dev.onstage.contract.TalkEventType.TALK_UPCOMING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersTest {

    @Test
    void theHeadersSmallRyeWritesAreValid() {
        assertEquals(List.of(), ContractValidator.validateHeaders(Examples.headers(TALK_UPCOMING)));
    }

    @Test
    void otherHeadersAreAllowed() {
        Map<String, String> headers = Examples.headers(TALK_UPCOMING);
        headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        headers.put("ce_partitionkey", "icml2022-deep-learning-4");
        headers.put("content-type", "application/json; charset=UTF-8");
        assertEquals(List.of(), ContractValidator.validateHeaders(headers));
    }

    @ParameterizedTest
    @ValueSource(strings = { "ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject", "content-type" })
    void eachRequiredHeaderIsNamedWhenMissing(String name) {
        Map<String, String> headers = Examples.headers(TALK_UPCOMING);
        headers.remove(name);
        List<String> errors = ContractValidator.validateHeaders(headers);
        assertEquals(1, errors.size(), errors::toString);
        assertEquals(name + " is missing", errors.get(0).replaceAll(" \\(.*\\)$", ""));
    }

    @Test
    void specVersionSourceAndContentTypeAreFixed() {
        Map<String, String> headers = Examples.headers(TALK_UPCOMING);
        headers.put("ce_specversion", "0.3");
        headers.put("ce_source", "urn:onstage:notification-service");
        headers.put("content-type", "application/cloudevents+json");
        assertEquals(List.of("ce_specversion: '0.3' but it must be 1.0",
                "ce_source: 'urn:onstage:notification-service' but it must be urn:onstage:schedule-service",
                "content-type: 'application/cloudevents+json' is not application/json"),
                ContractValidator.validateHeaders(headers));
    }

    @Test
    void idAndSubjectMustNotBeEmpty() {
        Map<String, String> headers = Examples.headers(TALK_UPCOMING);
        headers.put("ce_id", "");
        headers.put("ce_subject", " ");
        assertEquals(List.of("ce_id is empty", "ce_subject is empty"), ContractValidator.validateHeaders(headers));
    }

    @ParameterizedTest
    @ValueSource(strings = { "talk.upcoming", "onstage.talk.reminder", "ONSTAGE.TALK.UPCOMING", "" })
    void theTypeMustBeAWireNameOfTheContract(String type) {
        Map<String, String> headers = Examples.headers(TALK_UPCOMING);
        headers.put("ce_type", type);
        List<String> errors = ContractValidator.validateHeaders(headers);
        assertEquals(1, errors.size(), errors::toString);
        assertEquals("ce_type: '" + type + "' is not an Onstage event type", errors.get(0).replaceAll(" \\(.*\\)$", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2022-07-21T14:35:00Z", "2022-07-21T07:35:00-07:00", "2022-07-21T14:35:00.123456789Z",
            "2022-07-21t14:35:00z" })
    void rfc3339Times(String time) {
        Map<String, String> headers = Examples.headers(TALK_UPCOMING);
        headers.put("ce_time", time);
        assertEquals(List.of(), ContractValidator.validateHeaders(headers));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2022-07-21T14:35Z", "2022-07-21T14:35:00", "2022-07-21 14:35:00Z", "2022-07-21",
            "1658414100000", "2022-07-21T14:35:00+0000", "2022-02-30T14:35:00Z", "2022-07-21T14:35:00Z[UTC]" })
    void timesThatAreNotRfc3339(String time) {
        Map<String, String> headers = Examples.headers(TALK_UPCOMING);
        headers.put("ce_time", time);
        assertEquals(List.of("ce_time: '" + time + "' is not an RFC 3339 date-time (like 2022-07-21T14:35:00Z)"),
                ContractValidator.validateHeaders(headers));
    }

    @Test
    void noHeadersAtAll() {
        assertEquals(7, ContractValidator.validateHeaders(Map.of()).size());
    }
}
