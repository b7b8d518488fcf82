package dev.onstage.notification.reminders;

import static dev.onstage.contract.CloudEventsAttributes.HEADER_ID;
import static dev.onstage.contract.CloudEventsAttributes.HEADER_TYPE;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.onstage.contract.CloudEventsAttributes;
import dev.onstage.contract.ContractValidator;
import dev.onstage.contract.EventJson;
import dev.onstage.contract.TalkEventType;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Reads the talk-events topic (CloudEvents, Kafka binary mode) into the reminder hub. A record that does not follow
 * the contract is nacked with the reasons, which sends it to {@code talk-events-dlq} (see application.properties).
 */
@ApplicationScoped
public class TalkEventConsumer {

    private static final Logger LOG = Logger.getLogger(TalkEventConsumer.class);

    @Inject
    ReminderHub hub;

    @Inject
    ObjectMapper json;

    @Inject
    HistoryCatchUp catchUp;

    /** Jackson's readers of the contract's records are built at start-up, not on the event loop at the first event. */
    void prepare(@Observes StartupEvent start) {
        EventJson.prepare();
    }

    @Incoming("talk-events")
    public CompletionStage<Void> consume(Message<String> message) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<Object, String> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElse(null);
        try {
            return handle(message, kafka);
        } finally {
            if (kafka != null) {
                catchUp.read(kafka.getPartition(), kafka.getOffset());
            }
        }
    }

    private CompletionStage<Void> handle(Message<String> message, IncomingKafkaRecordMetadata<Object, String> kafka) {
        long dueWallMillis = System.currentTimeMillis();
        Map<String, String> headers = new HashMap<>();
        List<String> errors = new ArrayList<>();
        String key = null;
        if (kafka != null) {
            key = kafka.getKey() == null ? null : kafka.getKey().toString();
            // schedule-service stamps each record with the wall instant it was due (docs/events.md).
            dueWallMillis = kafka.getTimestamp().toEpochMilli();
            kafka.getHeaders().forEach(header -> headers.put(header.key(), text(header.key(), header.value(), errors)));
        }
        String data = message.getPayload();
        errors.addAll(ContractValidator.validateRecord(key, headers, data));
        if (!errors.isEmpty()) {
            String reasons = String.join("; ", errors);
            LOG.warnf("Sending a talk-events record (key %s, id %s) to the dead letters: %s", key,
                    headers.get(HEADER_ID), reasons);
            return message.nack(new IllegalArgumentException(reasons));
        }
        Reminder reminder;
        try {
            TalkEventType type = TalkEventType.fromType(headers.get(HEADER_TYPE)).orElseThrow();
            reminder = Reminder.of(headers.get(HEADER_ID), type, key, json.readTree(data), data, dueWallMillis);
        } catch (JsonProcessingException | RuntimeException e) {
            return message.nack(new IllegalArgumentException("(data): cannot be read: " + e.getMessage(), e));
        }
        if (hub.publish(reminder).isEmpty()) {
            LOG.debugf("Dropping a duplicate of talk event %s", reminder.id());
        }
        return message.ack();
    }

    /**
     * A header's value as text. The contract's headers (ce_*, content-type) are UTF-8 text: bytes that are not are
     * an error (else an id made of replacement characters would be streamed); other headers are not ours to judge.
     */
    private static String text(String name, byte[] value, List<String> errors) {
        if (value == null) {
            return null;
        }
        if (!name.startsWith("ce_") && !name.equals(CloudEventsAttributes.HEADER_CONTENT_TYPE)) {
            return new String(value, StandardCharsets.UTF_8);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            errors.add(name + ": not UTF-8 text");
            return null;
        }
    }
}
