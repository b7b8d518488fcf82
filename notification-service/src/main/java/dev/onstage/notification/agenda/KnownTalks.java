package dev.onstage.notification.agenda;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The talks that exist, so that a favourite can only name one (issue 15, item 7). notification-service has no
 * programme table: it reads schedule-service's compacted {@code programme} topic (docs/events.md), which holds the
 * current state of every talk keyed by its id, from the beginning at every start (its own consumer group, no
 * offsets), and keeps the ids: a record adds its key, a tombstone (null value) removes it. Only the ids are kept, at
 * most {@code onstage.agenda.max-known-talks}. A cancelled talk stays in the programme, so it may stay a favourite.
 * With {@code onstage.agenda.known-talks-only=false} any talk id is accepted (as before).
 */
@ApplicationScoped
public class KnownTalks {

    private static final Logger LOG = Logger.getLogger(KnownTalks.class);

    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final boolean enforced;
    private final int max;

    KnownTalks(AgendasConfig config) {
        this.enforced = config.knownTalksOnly();
        this.max = config.maxKnownTalks();
    }

    @Incoming("programme")
    void record(ConsumerRecord<String, String> record) {
        String id = record.key();
        if (id == null) {
            return;
        }
        if (record.value() == null) {
            ids.remove(id);
        } else if (ids.size() < max || ids.contains(id)) {
            ids.add(id);
        } else {
            LOG.warnf("The programme has more than %d talks (onstage.agenda.max-known-talks): talk %s is not known",
                    max, id);
        }
    }

    public boolean knows(String talkId) {
        return ids.contains(talkId);
    }

    /** Fails with {@link UnknownTalk} (a 404) for a talk that is not in the programme, when that is checked. */
    public void require(String talkId) {
        if (enforced && !ids.contains(talkId)) {
            throw new UnknownTalk(talkId);
        }
    }

    /** A favourite for a talk that is not in the programme. */
    public static class UnknownTalk extends RuntimeException {
        UnknownTalk(String talkId) {
            super("There is no talk '" + talkId + "' in the programme.");
        }
    }
}
