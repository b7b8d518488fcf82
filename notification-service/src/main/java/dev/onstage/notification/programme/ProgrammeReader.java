package dev.onstage.notification.programme;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * The one reader of schedule-service's compacted {@code programme} topic (docs/events.md). notification-service has no
 * programme table: it reads the topic from the beginning at every start (its own consumer group, no offsets) and hands
 * each talk's record, or its tombstone, to every {@link ProgrammeListener} (agenda/KnownTalks, calendar/FeedTalks).
 */
@ApplicationScoped
public class ProgrammeReader {

    private static final Logger LOG = Logger.getLogger(ProgrammeReader.class);

    private final List<ProgrammeListener> listeners;

    ProgrammeReader(Instance<ProgrammeListener> listeners) {
        this.listeners = listeners.stream().toList();
    }

    @Incoming("programme")
    void record(ConsumerRecord<String, String> record) {
        String talkId = record.key();
        if (talkId == null) {
            return; // not a talk: the topic is keyed by talk id
        }
        for (ProgrammeListener listener : listeners) {
            // One listener's failure must not keep the talk from the others.
            try {
                if (record.value() == null) {
                    listener.removed(talkId);
                } else {
                    listener.published(talkId, record.value());
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed on the programme record of talk %s", listener.getClass().getSimpleName(),
                        talkId);
            }
        }
    }
}
