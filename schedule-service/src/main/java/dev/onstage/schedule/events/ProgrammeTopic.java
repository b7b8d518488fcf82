package dev.onstage.schedule.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import dev.onstage.contract.EventJson;
import dev.onstage.schedule.programme.Programme;
import dev.onstage.schedule.programme.ProgrammeSnapshot;
import dev.onstage.schedule.programme.TalkView;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Keeps the compacted {@code programme} topic up to date: the current state of each talk, keyed by its id, so
 * that an app can rebuild the whole programme from Kafka alone. Sends a talk when its state differs from what
 * this instance sent last; after a start that is every talk once, which compaction absorbs. Talks are never
 * deleted (a cancelled talk stays, cancelled), so no tombstones are written.
 */
@ApplicationScoped
public class ProgrammeTopic {

    private static final Logger LOG = Logger.getLogger(ProgrammeTopic.class);

    // A large import sends thousands of talks at once; they are bounded by the programme's size.
    @Inject
    @Channel("programme")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<Record<String, String>> emitter;

    @Inject
    Programme programme;

    @Inject
    TalkEventData data;

    /** What was sent (and acknowledged or in flight) per talk id. */
    private final Map<String, String> sent = new ConcurrentHashMap<>();

    void onChange(@Observes Programme.Changed change) {
        publishChanges();
    }

    @Scheduled(every = "${onstage.events.replan-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishChanges() {
        ProgrammeSnapshot snapshot = programme.snapshot();
        for (TalkView talk : snapshot.talks()) {
            String value = EventJson.write(data.programmeRecord(talk, snapshot));
            if (value.equals(sent.put(talk.id(), value))) {
                continue;
            }
            emitter.send(Record.of(talk.id(), value)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    // Try again at the next change or round.
                    sent.remove(talk.id(), value);
                    LOG.debugf("Could not send talk %s to the programme topic: %s", talk.id(), failure);
                }
            });
        }
    }
}
