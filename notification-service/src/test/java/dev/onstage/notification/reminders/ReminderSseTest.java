package dev.onstage.notification.reminders;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.onstage.contract.TalkEventType;
import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The SSE endpoint: a CloudEvent produced to the real broker reaches a client reading the raw stream; framing; errors. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class ReminderSseTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/api/reminders")
    URL reminders;

    @Inject
    ReminderHub hub;

    @Test
    void talkEventFromKafkaIsStreamedOverSse() throws Exception {
        String talkId = "talk-" + UUID.randomUUID();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(reminders.toURI()).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(request,
                HttpResponse.BodyHandlers.ofLines());
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscriberCount() >= 1);

        try (TalkEvents events = new TalkEvents(bootstrapServers);
                Stream<String> lines = response.get(10, TimeUnit.SECONDS).body()) {
            String id = events.talk(TalkEventType.TALK_STARTED, talkId, "Room 7");
            List<String> event = lines.dropWhile(line -> !line.equals("id:" + id) && !line.equals("id: " + id))
                    .takeWhile(line -> !line.isEmpty())
                    .toList();
            // Exactly what went to Kafka, as one event: its id, its type, its data.
            assertEquals(List.of("id:" + id, "event:talk.started", "data:" + events.data(id)),
                    event.stream().map(line -> line.replaceFirst("^(id|event|data): ", "$1:")).toList());
        }
    }

    @Test
    void aLineBreakInTheDataStartsAnotherDataLineAndOneInTheIdEndsIt() {
        String frame = Reminder.sseFrame("id-1\nevent:forged", "talk.started", "{\"a\":\n1,\r\n\"b\":2}").toString();
        assertEquals("id:id-1\nevent:talk.started\ndata:{\"a\":\ndata:1,\ndata:\"b\":2}\n\n", frame);
    }

    @Test
    void theStreamIsInTheApiDocument() {
        given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("paths.'/api/reminders'.get.responses.'200'.content", notNullValue())
                .body("paths.'/api/reminders'.get.parameters.name", hasItems("talk", "room",
                        "attendee", "Last-Event-ID"));
    }

    @Test
    void otherMethodsAreNotAllowed() {
        given().when().post("/api/reminders")
                .then().statusCode(405).contentType("application/problem+json").header("Allow", "GET")
                .body("detail", equalTo("POST is not allowed on /api/reminders; it allows GET."));
    }
}
