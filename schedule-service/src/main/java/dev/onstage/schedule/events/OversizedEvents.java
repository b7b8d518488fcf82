package dev.onstage.schedule.events;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.onstage.contract.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A talk event that Kafka refuses as too large (the producer's {@code max.request.size} or the broker's
 * {@code message.max.bytes}) goes to the dead-letter topic instead, so that it never holds back the events after it in
 * the outbox. The text limits of imports and edits keep events far below Kafka's record size; this is
 * what happens when a broker is configured smaller still. The dead letter carries the event's key, its {@code ce_*}
 * attributes and the reason, without the value that was too large (docs/events.md).
 */
@ApplicationScoped
public class OversizedEvents {

    private static final Logger LOG = Logger.getLogger(OversizedEvents.class);
    private static final String SOURCE = "urn:onstage:schedule-service";

    @Inject
    @Channel("talk-events-dead-letters")
    MutinyEmitter<Record<String, String>> deadLetters;

    /**
     * @param send the event's send to {@code talk-events} ({@link TalkEventPublisher}), already under way
     * @return true when {@code talk-events} took the event, false when it went to the dead letters instead; fails as
     *         the send did for any other reason
     */
    public Uni<Boolean> orDeadLetter(CompletionStage<Void> send, OutboxEvent event, String json) {
        return Uni.createFrom().completionStage(send)
                .replaceWith(true)
                .onFailure(OversizedEvents::tooLarge).recoverWithUni(failure -> deadLetter(event, json, failure));
    }

    private Uni<Boolean> deadLetter(OutboxEvent event, String json, Throwable failure) {
        Throwable cause = tooLargeCause(failure);
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        String reason = "Kafka refused the event as too large (" + size + " bytes of data): " + cause.getMessage();
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", event.id);
        header(headers, "ce_type", event.type.type());
        header(headers, "ce_source", SOURCE);
        header(headers, "ce_subject", event.subject);
        header(headers, "ce_time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.dueAt.atOffset(ZoneOffset.UTC)));
        header(headers, "dead-letter-reason", reason);
        header(headers, "dead-letter-exception-class-name", cause.getClass().getName());
        header(headers, "dead-letter-topic", Topics.TALK_EVENTS);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withHeaders(headers).build();
        return deadLetters.sendMessage(Message.of(Record.of(event.subject, (String) null)).addMetadata(metadata))
                .invoke(() -> LOG.errorf("Talk event %s (%s of %s) went to %s: %s", event.id, event.type.type(),
                        event.subject, Topics.DEAD_LETTERS, reason))
                .replaceWith(false);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static boolean tooLarge(Throwable failure) {
        return tooLargeCause(failure) != null;
    }

    private static Throwable tooLargeCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // The second: a broker whose log segments are smaller than the record refuses it so.
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
                return t;
            }
        }
        return null;
    }
}
