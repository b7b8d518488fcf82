package dev.onstage.stack;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The talk events a programme must produce, computed from the programme as schedule-service serves it (not from
 * what it publishes): per talk two reminders (10 and 5 minutes before), started and ended; per session started and
 * ended. Each as its fact: short type, subject, due instant ({@link TopicReader.Event#fact()}).
 */
final class Expected {

    record Fact(String type, String subject, Instant due) {

        String key() {
            return type + " " + subject + " " + due;
        }
    }

    private Expected() {
    }

    /** Waits until schedule-service's clock (programme time) reaches {@code instant}. */
    static void awaitProgrammeTime(String base, Instant instant) {
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> !Instant.parse(Http.JSON.readTree(Http.get(base + "/api/clock").body()).path("now")
                        .asText()).isBefore(instant));
    }

    /** The facts due in [from, to), in due order, from schedule-service at base. */
    static List<Fact> between(String base, Instant from, Instant to) throws Exception {
        List<Fact> facts = new ArrayList<>();
        for (JsonNode talk : Http.JSON.readTree(Http.get(base + "/api/talks").body())) {
            if (talk.path("status").asText().equals("cancelled")) {
                continue;
            }
            Instant start = OffsetDateTime.parse(talk.path("start").asText()).toInstant();
            Instant end = OffsetDateTime.parse(talk.path("end").asText()).toInstant();
            String id = talk.path("id").asText();
            facts.add(new Fact("talk.upcoming", id, start.minus(Duration.ofMinutes(10))));
            facts.add(new Fact("talk.upcoming", id, start.minus(Duration.ofMinutes(5))));
            facts.add(new Fact("talk.started", id, start));
            facts.add(new Fact("talk.ended", id, end));
        }
        for (JsonNode session : Http.JSON.readTree(Http.get(base + "/api/sessions").body())) {
            String id = session.path("id").asText();
            facts.add(new Fact("session.started", id, OffsetDateTime.parse(session.path("start").asText()).toInstant()));
            facts.add(new Fact("session.ended", id, OffsetDateTime.parse(session.path("end").asText()).toInstant()));
        }
        return facts.stream().filter(f -> !f.due().isBefore(from) && f.due().isBefore(to))
                .sorted(Comparator.comparing(Fact::due)).toList();
    }
}
