package dev.onstage.notification.agenda;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.arc.Arc;

/**
 * Puts talks into (or, with a tombstone, takes them out of) the compacted {@code programme} topic, as schedule-service
 * does, and waits until the service knows them: favourites are accepted only for talks in the programme.
 */
public final class ProgrammeRecords {

    private ProgrammeRecords() {
    }

    public static void publish(String... talkIds) {
        send(true, talkIds);
    }

    public static void remove(String... talkIds) {
        send(false, talkIds);
    }

    private static void send(boolean present, String... talkIds) {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (String id : talkIds) {
                // Only the key matters to notification-service; the value stands for the talk's state.
                producer.send(new ProducerRecord<>("programme", id, present ? "{\"talk\":{\"id\":\"x\"}}" : null))
                        .get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write to the programme topic", e);
        }
        KnownTalks known = Arc.container().instance(KnownTalks.class).get();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> List.of(talkIds).stream().allMatch(id -> known.knows(id) == present));
    }
}
