package dev.onstage.notification.reminders;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.onstage.contract.TalkEventType;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads the talk-events topic (CloudEvents, Kafka binary mode) into the reminder hub. */
@ApplicationScoped
public class TalkEventConsumer {

    private static final Logger LOG = Logger.getLogger(TalkEventConsumer.class);

    @Inject
    ReminderHub hub;

    @Incoming("talk-events")
    public CompletionStage<Void> consume(Message<String> message) {
        @SuppressWarnings("unchecked")
        IncomingCloudEventMetadata<String> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class).orElse(null);
        if (cloudEvent == null) {
            LOG.warnf("Skipping a talk-events record without CloudEvents headers: %s", message.getPayload());
            return message.ack();
        }
        Instant time = cloudEvent.getTimeStamp().map(t -> t.toInstant()).orElse(null);
        String type = TalkEventType.fromType(cloudEvent.getType()).map(TalkEventType::shortName).orElse(null);
        if (type == null) {
            LOG.warnf("Skipping a talk event of unknown type %s (id %s)", cloudEvent.getType(), cloudEvent.getId());
            return message.ack();
        }
        hub.publish(new Reminder(cloudEvent.getId(), type,
                cloudEvent.getSubject().orElse(null), time, message.getPayload()));
        return message.ack();
    }
}
