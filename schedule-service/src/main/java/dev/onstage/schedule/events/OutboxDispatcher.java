package dev.onstage.schedule.events;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.onstage.contract.EventData;
import dev.onstage.contract.EventJson;
import dev.onstage.contract.TalkEventType;
import dev.onstage.schedule.events.OutboxEvent.Outcome;
import dev.onstage.schedule.clock.ClockSettings;
import dev.onstage.schedule.clock.ProgrammeClock;
import dev.onstage.schedule.programme.Programme;
import dev.onstage.schedule.programme.ProgrammeChange;
import dev.onstage.schedule.programme.ProgrammeSnapshot;
import dev.onstage.schedule.programme.SessionView;
import dev.onstage.schedule.programme.TalkView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Publishes outbox events when they fall due: a timer is set for the wall instant at which the next event is
 * due, less {@code onstage.events.claim-ahead} (not a polling tick), the due events are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and a lease (so that instances sharing the database never publish the same event
 * both), sent at their due instant and, once the broker has acknowledged them, marked sent. A crash between the
 * acknowledgement and the mark re-sends those events, with the same ids, when the lease runs out. The claim and the
 * mark are one round trip each ({@link OutboxRows}): on a machine short of cores every round trip waits for one.
 */
@ApplicationScoped
public class OutboxDispatcher {

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);
    private static final int BATCH = 200;
    /** Re-check at least this often for events planned by other instances. */
    private static final long MAX_SLEEP_MS = 2_000;

    @Inject
    Vertx vertx;

    @Inject
    ProgrammeClock clock;

    @Inject
    Programme programme;

    @Inject
    TalkEventPublisher publisher;

    @Inject
    OversizedEvents oversized;

    @Inject
    TalkEventData data;

    @Inject
    MeterRegistry registry;

    @Inject
    EventsConfig config;

    @Inject
    OutboxRows rows;

    private final AtomicBoolean dispatching = new AtomicBoolean();
    private volatile boolean wakeAgain;
    private volatile boolean started;
    private long timer = -1;
    private Timer lateness;
    private Timer sendLateness;
    private volatile Instant lastFailure;
    private volatile Instant lastSuccess;

    /** @param deadLetter Kafka refused it as too large: it went to the dead letters ({@link OversizedEvents}) */
    private record Published(OutboxEvent event, boolean stale, boolean late, boolean deadLetter) {
    }

    /** An event whose data is built, waiting for its due instant. */
    private record Ready(OutboxEvent event, String json, boolean late) {
    }

    /** The clock's goal for the p99 of its lateness. */
    static final Duration LATENESS_GOAL = Duration.ofMillis(20);

    void start() {
        lateness = Timer.builder("onstage.events.lateness")
                .description("Publish acknowledged minus due instant, in wall time")
                .publishPercentiles(0.5, 0.9, 0.99)
                .publishPercentileHistogram()
                // A bucket at the goal (docs/benchmarks.md): the histogram's own are 14.0 and 22.4 ms around it.
                .serviceLevelObjectives(LATENESS_GOAL)
                .register(registry);
        // The part of the lateness before the broker: telling our own delay from the broker's round trip.
        sendLateness = Timer.builder("onstage.events.send.lateness")
                .description("Handed to the Kafka producer minus due instant, in wall time")
                .publishPercentileHistogram()
                .register(registry);
        started = true;
        wake();
    }

    /** No timer may fire into a stopped application. */
    void stop(@Observes ShutdownEvent shutdown) {
        started = false;
        synchronized (this) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }

    /** Something was planned: look at the outbox now. */
    public void wake() {
        if (started) {
            schedule(0);
        }
    }

    /** False while the broker refuses what is due (readiness). */
    public boolean healthy() {
        Instant failure = lastFailure;
        return failure == null || (lastSuccess != null && lastSuccess.isAfter(failure));
    }

    private synchronized void schedule(long delayMs) {
        if (!started) {
            return;
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        timer = vertx.setTimer(Math.max(1, delayMs), id -> {
            synchronized (this) {
                timer = -1;
            }
            dispatch();
        });
    }

    private void dispatch() {
        if (!dispatching.compareAndSet(false, true)) {
            wakeAgain = true;
            return;
        }
        wakeAgain = false;
        // Hibernate Reactive needs a duplicated context marked safe, as Quarkus makes one for each request.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> dispatchDue().subscribe().with(this::then, failure -> {
            dispatching.set(false);
            lastFailure = Instant.now();
            LOG.warnf(failure, "Publishing due talk events failed; retrying in 1 s");
            schedule(1_000);
        }));
    }

    private void then(Instant nextDue) {
        dispatching.set(false);
        if (wakeAgain) {
            schedule(0);
        } else if (nextDue == null) {
            schedule(MAX_SLEEP_MS);
        } else {
            long wait = Duration.between(Instant.now(), clock.settings().wallTime(nextDue)).toMillis();
            schedule(Math.min(wait - config.claimAhead().toMillis(), MAX_SLEEP_MS));
        }
    }

    /**
     * Publishes what is due by the claim horizon; answers when the next pending event is due (programme time), if any.
     * The claim tells that too, in the same round trip; the marking of what was sent is not waited for (the lease keeps
     * those events from being claimed again meanwhile), so that the next claim is not held back by it.
     */
    private Uni<Instant> dispatchDue() {
        ClockSettings settings = clock.settings();
        Instant wallNow = Instant.now();
        return rows.claim(settings.run(), settings.programmeTime(wallNow.plus(config.claimAhead())), wallNow,
                wallNow.plus(config.lease()), BATCH).chain(claim -> {
            List<OutboxEvent> events = claim.events();
            if (events.isEmpty()) {
                return Uni.createFrom().item(claim.nextDue());
            }
            return publishAll(events, settings)
                    .onFailure().call(() -> rows.release(events).onFailure().recoverWithNull())
                    .invoke(this::markAll)
                    .invoke(() -> lastSuccess = Instant.now())
                    // A full batch: more may be due already, look again at once.
                    .map(ignored -> events.size() == BATCH ? settings.programmeTime(Instant.now()) : claim.nextDue());
        });
    }

    private Uni<List<Published>> publishAll(List<OutboxEvent> events, ClockSettings settings) {
        List<Long> changeIds = events.stream().filter(e -> e.changeId != null).map(e -> e.changeId).toList();
        Uni<Map<Long, ProgrammeChange>> changes = changeIds.isEmpty() ? Uni.createFrom().item(Map.of())
                : Panache.withSession(() -> ProgrammeChange.<ProgrammeChange>list("id in ?1", changeIds))
                        .map(list -> list.stream().collect(Collectors.toMap(c -> c.id, Function.identity())));
        return changes.chain(changeById -> {
            ProgrammeSnapshot snapshot = programme.snapshot();
            Instant programmeNow = settings.programmeTime(Instant.now());
            List<Uni<Published>> sends = new ArrayList<>();
            Map<Instant, List<Ready>> byDueInstant = new LinkedHashMap<>();
            for (OutboxEvent event : events) {
                TalkEventType type = event.type;
                Instant dueWall = settings.wallTime(event.dueAt);
                boolean late = Duration.between(dueWall, Instant.now()).compareTo(config.lateAfter()) > 0;
                EventData eventData = stale(event, type, snapshot, programmeNow) ? null
                        : data.of(event, type, snapshot, event.changeId == null ? null : changeById.get(event.changeId), late);
                if (eventData == null) {
                    sends.add(Uni.createFrom().item(new Published(event, true, false, false)));
                } else {
                    byDueInstant.computeIfAbsent(dueWall, due -> new ArrayList<>())
                            .add(new Ready(event, EventJson.write(eventData), late));
                }
            }
            byDueInstant.forEach((dueWall, ready) -> sends.addAll(sendAtDue(dueWall, ready)));
            // Goes on on Kafka's thread when the acknowledgements arrive: nothing after this uses Hibernate Reactive (no
            // hop back to the event loop, which is one more wait for a core on a busy machine).
            return Uni.join().all(sends).andFailFast();
        });
    }

    /**
     * One timer per due instant, then the events due at it handed to the producer back to back, in due order (the
     * idempotent producer keeps that order per partition): they leave in as few requests as the broker allows,
     * rather than one timer, thread hop and request each when every room changes talk at once.
     */
    private List<Uni<Published>> sendAtDue(Instant dueWall, List<Ready> ready) {
        Duration untilDue = Duration.between(Instant.now(), dueWall);
        Uni<Void> atDue = untilDue.isNegative() || untilDue.isZero() ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(untilDue);
        Uni<List<CompletionStage<Void>>> handedOver = atDue.map(ignored -> {
            // A timer may fire a fraction of a millisecond early: that is on time.
            Duration late = Duration.between(dueWall, Instant.now());
            sendLateness.record(late.isNegative() ? Duration.ZERO : late);
            return ready.stream().map(r -> publisher.publish(r.event().id, r.event().type, r.event().subject,
                    r.event().dueAt, dueWall, r.json())).toList();
        }).memoize().indefinitely();
        List<Uni<Published>> sends = new ArrayList<>(ready.size());
        for (int i = 0; i < ready.size(); i++) {
            int index = i;
            Ready r = ready.get(i);
            sends.add(handedOver.chain(acks -> oversized.orDeadLetter(acks.get(index), r.event(), r.json()))
                    .invoke(() -> lateness.record(Duration.between(dueWall, Instant.now())))
                    .map(sent -> new Published(r.event(), false, r.late(), !sent)));
        }
        return sends;
    }

    /**
     * Not worth sending any more (documented in docs/events.md): a reminder for a talk that has started, a
     * "started" for a talk (or session) that has ended, an "ended" more than an hour ago. Moves and
     * cancellations are always sent.
     */
    static boolean stale(OutboxEvent event, TalkEventType type, ProgrammeSnapshot snapshot, Instant now) {
        return switch (type) {
            case TALK_UPCOMING -> talkGoneOr(event, snapshot, talk -> !now.isBefore(talk.start().toInstant()));
            case TALK_STARTED -> talkGoneOr(event, snapshot, talk -> !now.isBefore(talk.end().toInstant()));
            case TALK_ENDED -> talkGoneOr(event, snapshot, talk -> endedOverAnHourAgo(talk.end(), now));
            case SESSION_STARTED -> sessionGoneOr(event, snapshot, session -> !now.isBefore(session.end().toInstant()));
            case SESSION_ENDED -> sessionGoneOr(event, snapshot, session -> endedOverAnHourAgo(session.end(), now));
            case TALK_MOVED, TALK_CANCELLED -> false;
        };
    }

    private static boolean talkGoneOr(OutboxEvent event, ProgrammeSnapshot snapshot, Predicate<TalkView> late) {
        TalkView talk = snapshot.talk(event.subject);
        return talk == null || late.test(talk);
    }

    private static boolean sessionGoneOr(OutboxEvent event, ProgrammeSnapshot snapshot, Predicate<SessionView> late) {
        SessionView session = snapshot.session(event.subject);
        return session == null || late.test(session);
    }

    private static boolean endedOverAnHourAgo(OffsetDateTime end, Instant now) {
        return now.isAfter(end.toInstant().plus(Duration.ofHours(1)));
    }

    /** Records the outcomes in the background; if that fails, the events are sent again when their lease ends. */
    private void markAll(List<Published> published) {
        published.stream().filter(Published::stale)
                .forEach(p -> LOG.infof("Dropped stale %s (due %s)", p.event().id, p.event().dueAt));
        List<OutboxRows.Outcome> outcomes = published.stream().map(p -> new OutboxRows.Outcome(p.event().id,
                p.deadLetter() ? Outcome.dead_letter : p.stale() ? Outcome.stale : Outcome.sent,
                !p.deadLetter() && !p.stale() && p.late())).toList();
        rows.mark(outcomes, Instant.now()).subscribe().with(ignored -> { }, failure -> LOG.warnf(
                "Could not record %d talk events as published; they are sent again after their lease: %s",
                outcomes.size(), failure.toString()));
    }
}
