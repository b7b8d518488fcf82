package dev.onstage.notification.reminders;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** A CloudEvent produced to the real broker reaches an SSE client reading the raw stream. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class ReminderStreamResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/api/reminders")
    URL reminders;

    @Inject
    ReminderHub hub;

    @Test
    void talkEventFromKafkaIsStreamedOverSse() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(reminders.toURI()).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(request,
                HttpResponse.BodyHandlers.ofLines());
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscriberCount() == 1);

        String id = "test-" + UUID.randomUUID();
        produce(id, "onstage.talk.started", "talk-7", "{\"talkId\":\"talk-7\"}");

        try (Stream<String> lines = response.get(10, TimeUnit.SECONDS).body()) {
            List<String> event = lines.dropWhile(line -> !line.equals("id:" + id) && !line.equals("id: " + id))
                    .takeWhile(line -> !line.isEmpty())
                    .toList();
            assertEquals(List.of("id:" + id, "event:talk.started", "data:{\"talkId\":\"talk-7\"}"),
                    event.stream().map(line -> line.replaceFirst(": ", ":")).toList());
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> hub.history().stream().anyMatch(r -> r.id().equals(id) && r.talkId().equals("talk-7")));
    }

    private void produce(String id, String type, String talkId, String json) throws Exception {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers, "acks", "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            var record = new ProducerRecord<>("talk-events", talkId, json);
            Map.of("ce_specversion", "1.0", "ce_id", id, "ce_type", type, "ce_source", "urn:test",
                    "ce_subject", talkId, "ce_time", "2022-07-21T14:30:00Z", "content-type", "application/json")
                    .forEach((name, value) -> record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }
}
