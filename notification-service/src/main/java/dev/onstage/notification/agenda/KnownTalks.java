package dev.onstage.notification.agenda;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import dev.onstage.notification.programme.ProgrammeListener;
import dev.onstage.notification.programme.ProgrammeReader;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The talks that exist, so that a favourite can only name one (issue 15, item 7), from schedule-service's compacted
 * {@code programme} topic ({@link ProgrammeReader}), which holds the current state of every talk keyed by its id: a
 * record adds its key, a tombstone removes it. Only the ids are kept, at most {@code onstage.agenda.max-known-talks}. A
 * cancelled talk stays in the programme, so it may stay a favourite. With {@code onstage.agenda.known-talks-only=false}
 * any talk id is accepted (as before).
 */
@ApplicationScoped
public class KnownTalks implements ProgrammeListener {

    private static final Logger LOG = Logger.getLogger(KnownTalks.class);

    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final boolean enforced;
    private final int max;

    KnownTalks(AgendasConfig config) {
        this.enforced = config.knownTalksOnly();
        this.max = config.maxKnownTalks();
    }

    @Override
    public void removed(String id) {
        ids.remove(id);
    }

    /** Only the id is kept: a record that is not what the contract says still names a talk. */
    @Override
    public void published(String id, String json) {
        if (ids.size() < max || ids.contains(id)) {
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
