package dev.onstage.schedule.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.onstage.contract.TalkEventType;
import dev.onstage.schedule.clock.ClockSettings;
import dev.onstage.schedule.clock.ClockState;
import dev.onstage.schedule.programme.Programme;
import dev.onstage.schedule.programme.ProgrammeChange;
import dev.onstage.schedule.programme.ProgrammeImporter;
import dev.onstage.schedule.programme.ProgrammeSnapshot;
import dev.onstage.schedule.programme.SessionView;
import dev.onstage.schedule.programme.Talk;
import dev.onstage.schedule.programme.TalkView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Decides which talk events are due from now on and writes them to the outbox, under the programme lock and
 * in one transaction: after every programme change, clock change and start, and periodically (for changes made
 * by other instances). Planning twice gives the same rows: ids are stable per fact.
 */
@ApplicationScoped
public class OutboxPlanner {

    private static final Logger LOG = Logger.getLogger(OutboxPlanner.class);

    @Inject
    EventsConfig config;

    @Inject
    Programme programme;

    @Inject
    OutboxDispatcher dispatcher;

    void onProgrammeChange(@Observes Programme.Changed change) {
        // Fired on the Vert.x context of the change, after its transaction; planning takes a transaction of its own.
        replan().subscribe().with(ignored -> {
        }, failure -> LOG.warnf("Could not plan talk events after a programme change: %s", failure.toString()));
    }

    public Uni<Void> replan() {
        return Panache.withTransaction(() -> ProgrammeImporter.lockProgramme()
                .chain(() -> ClockState.<ClockState>findById(1))
                // Before the clock is first set (at the very first start) there is nothing to plan against.
                .chain(clock -> clock == null ? Uni.createFrom().voidItem()
                        : programme.refresh().chain(snapshot -> plan(clock, snapshot))))
                .invoke(dispatcher::wake);
    }

    @Scheduled(every = "${onstage.events.replan-interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> replanPeriodically() {
        // Planning again is only needed when the programme or the clock changed (another instance's edit).
        return Panache.withSession(() -> ClockState.<ClockState>findById(1))
                .chain(clock -> clock != null && new PlanKey(programme.snapshot().version(), clock.settings()).equals(lastPlan)
                        ? Uni.createFrom().voidItem() : replan())
                .onFailure().invoke(e -> LOG.warnf("Could not plan talk events: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /** What the last plan was made for. */
    private record PlanKey(long programmeVersion, ClockSettings clock) {
    }

    private volatile PlanKey lastPlan;

    private Uni<Void> plan(ClockState clock, ProgrammeSnapshot snapshot) {
        ClockSettings settings = clock.settings();
        PlanKey key = new PlanKey(snapshot.version(), settings);
        Instant now = settings.programmeTime(Instant.now());
        Map<String, OutboxEvent> wanted = wantedFrom(snapshot, clock.run, now);
        return OutboxEvent.<OutboxEvent>list("run = ?1 and dueAt >= ?2 and changeId is null", clock.run, now)
                .chain(existing -> {
                    Set<String> existingIds = existing.stream().map(e -> e.id).collect(Collectors.toSet());
                    // Pending events the programme no longer wants (a talk moved or was cancelled) go away;
                    // sent ones stay as the record of what was sent.
                    List<OutboxEvent> obsolete = existing.stream()
                            .filter(e -> e.outcome == null && !wanted.containsKey(e.id)).toList();
                    List<OutboxEvent> fresh = wanted.values().stream().filter(e -> !existingIds.contains(e.id)).toList();
                    // Events of an earlier run (before the clock was set) are never sent any more.
                    return OutboxEvent.delete("run <> ?1 and outcome is null", clock.run)
                            .chain(() -> deleteAll(obsolete))
                            .chain(() -> Panache.getSession().chain(s -> s.persistAll(fresh.toArray())))
                            .chain(() -> announceChanges(snapshot, clock.run, now))
                            .invoke(changes -> {
                                if (!fresh.isEmpty() || !obsolete.isEmpty() || changes > 0) {
                                    LOG.infof("Planned talk events (run %d): %d new, %d withdrawn, %d changes announced",
                                            clock.run, fresh.size(), obsolete.size(), changes);
                                }
                            })
                            .invoke(() -> lastPlan = key)
                            .replaceWithVoid();
                });
    }

    private Map<String, OutboxEvent> wantedFrom(ProgrammeSnapshot snapshot, int run, Instant now) {
        Map<String, OutboxEvent> wanted = new LinkedHashMap<>();
        for (TalkView talk : snapshot.talks()) {
            if (talk.status() == Talk.Status.cancelled) {
                continue;
            }
            Instant start = talk.start().toInstant();
            for (Duration lead : config.leadTimes()) {
                add(wanted, event(run, TalkEventType.TALK_UPCOMING, talk.id(), start.minus(lead), (int) lead.toMinutes()), now);
            }
            add(wanted, event(run, TalkEventType.TALK_STARTED, talk.id(), start, null), now);
            add(wanted, event(run, TalkEventType.TALK_ENDED, talk.id(), talk.end().toInstant(), null), now);
        }
        for (SessionView session : snapshot.sessions()) {
            boolean hasTalks = session.talkIds().stream()
                    .anyMatch(id -> snapshot.talk(id).status() != Talk.Status.cancelled);
            if (hasTalks) {
                add(wanted, event(run, TalkEventType.SESSION_STARTED, session.id(), session.start().toInstant(), null), now);
                add(wanted, event(run, TalkEventType.SESSION_ENDED, session.id(), session.end().toInstant(), null), now);
            }
        }
        return wanted;
    }

    /** Moves and cancellations are told at once (programme now), each change once. */
    private Uni<Integer> announceChanges(ProgrammeSnapshot snapshot, int run, Instant now) {
        return ProgrammeChange.<ProgrammeChange>list("announced = false order by id").chain(changes -> {
            List<OutboxEvent> events = new ArrayList<>();
            for (ProgrammeChange change : changes) {
                change.announced = true;
                TalkView talk = snapshot.talk(change.talkId);
                TalkEventType type = switch (change.kind) {
                    case moved -> talk != null && talk.status() != Talk.Status.cancelled ? TalkEventType.TALK_MOVED : null;
                    case cancelled -> TalkEventType.TALK_CANCELLED;
                    case created, updated, restored -> null; // the planned events tell the rest
                };
                if (type != null && talk != null) {
                    OutboxEvent event = new OutboxEvent();
                    event.id = run + "/" + type.shortName() + "/" + change.talkId + "/change-" + change.id;
                    event.run = run;
                    event.type = type;
                    event.subject = change.talkId;
                    event.dueAt = now;
                    event.changeId = change.id;
                    events.add(event);
                }
            }
            return Panache.getSession().chain(s -> s.persistAll(events.toArray())).replaceWith(events.size());
        });
    }

    private static Uni<Void> deleteAll(List<OutboxEvent> obsolete) {
        if (obsolete.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return OutboxEvent.delete("id in ?1 and outcome is null", obsolete.stream().map(e -> e.id).toList())
                .replaceWithVoid();
    }

    private static void add(Map<String, OutboxEvent> wanted, OutboxEvent event, Instant now) {
        if (!event.dueAt.isBefore(now)) {
            wanted.put(event.id, event);
        }
    }

    static OutboxEvent event(int run, TalkEventType type, String subject, Instant dueAt, Integer leadMinutes) {
        OutboxEvent event = new OutboxEvent();
        event.id = run + "/" + type.shortName() + "/" + subject + "/" + dueAt;
        event.run = run;
        event.type = type;
        event.subject = subject;
        event.dueAt = dueAt;
        event.leadMinutes = leadMinutes;
        return event;
    }
}
