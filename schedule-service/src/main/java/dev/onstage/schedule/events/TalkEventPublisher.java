package dev.onstage.schedule.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.onstage.contract.TalkEventType;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends talk events to the {@code talk-events} topic as CloudEvents in Kafka binary mode: the attributes go into
 * {@code ce_*} headers, the JSON data into the value, the talk id into the key (so one talk's events stay in order).
 */
@ApplicationScoped
public class TalkEventPublisher {

    @Inject
    @Channel("talk-events")
    Emitter<String> emitter;

    /**
     * @param id   stable for the same fact, so that a re-send after a crash carries the same id
     * @param type    the event's type
     * @param subject the talk id, or the session id of a session event: the Kafka key and {@code ce_subject}
     * @param time the programme instant the event is about
     * @param dueWall the wall-clock instant at which the event was due (the clock's mapping of {@code time}): the
     *                record's Kafka timestamp, so that consumers can measure due-to-delivery latency
     * @return completes when the broker has acknowledged the record
     */
    public CompletionStage<Void> publish(String id, TalkEventType type, String subject, Instant time, Instant dueWall,
            String jsonData) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String>builder()
                .withId(id)
                .withType(type.type())
                .withSubject(subject)
                .withTimestamp(time.atZone(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder().withKey(subject)
                .withTimestamp(dueWall).build();
        emitter.send(Message.of(jsonData)
                .addMetadata(cloudEvent)
                .addMetadata(kafka)
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }

}
