package dev.onstage.schedule.programme;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import dev.onstage.problems.BadRequest;
import dev.onstage.schedule.problems.Conflict;
import dev.onstage.schedule.programme.imports.Texts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

/** Organizers' edits to single talks, each in one transaction, each change recorded for the clock. */
@ApplicationScoped
public class ProgrammeEditor {

    private static final Logger LOG = Logger.getLogger(ProgrammeEditor.class);

    @Inject
    Programme programme;

    /** Moves, cancels or restores a talk. */
    public Uni<TalkView> change(String talkId, TalkChange change, String by) {
        return edit(talkId, by, talk -> {
            Talk before = talk.slot();
            Instant start = change.start() != null ? change.start().toInstant() : talk.start;
            Instant end = change.end() != null ? change.end().toInstant()
                    : start.plus(Duration.between(talk.start, talk.end));
            if (!ProgrammeTime.within(start)) {
                throw new BadRequest("start", "The start " + ProgrammeTime.outside(start) + ".");
            }
            if (!ProgrammeTime.within(end)) {
                throw new BadRequest("end", "The end " + ProgrammeTime.outside(end) + ".");
            }
            if (!end.isAfter(start)) {
                throw new BadRequest("end", "The talk must end after it starts.");
            }
            String room = change.room() != null ? Texts.lineFeeds(change.room()).strip() : talk.room;
            boolean moves = !start.equals(talk.start) || !end.equals(talk.end) || !room.equals(talk.room);
            Talk.Status status = change.status() != null ? Talk.Status.valueOf(change.status()) : talk.status;
            boolean cancels = status == Talk.Status.cancelled && talk.status != Talk.Status.cancelled;
            boolean restores = status != Talk.Status.cancelled && talk.status == Talk.Status.cancelled;

            List<ProgrammeChange> changes = new ArrayList<>();
            Uni<Void> overlapCheck = Uni.createFrom().voidItem();
            if (moves || restores) {
                overlapCheck = change.force() ? overlapCheck : refuseOverlap(talk.id, room, start, end);
                talk.start = start;
                talk.end = end;
                talk.room = room;
            }
            if (cancels) {
                talk.status = Talk.Status.cancelled;
                changes.add(ProgrammeChange.of(ProgrammeChange.Kind.cancelled, before, talk, by));
            } else if (restores) {
                talk.status = moves ? Talk.Status.moved : Talk.Status.scheduled;
                changes.add(ProgrammeChange.of(ProgrammeChange.Kind.restored, before, talk, by));
            } else if (moves) {
                talk.status = talk.status == Talk.Status.cancelled ? Talk.Status.cancelled : Talk.Status.moved;
                changes.add(ProgrammeChange.of(ProgrammeChange.Kind.moved, before, talk, by));
            }
            if (!changes.isEmpty()) {
                talk.updatedAt = Instant.now();
            }
            return overlapCheck.chain(() -> persist(changes));
        });
    }

    /**
     * The talk on stage started (or ended) at {@code at} rather than as planned: the talk moves accordingly and,
     * if asked, so do the later talks of its session, so that reminders follow what really happens.
     */
    public Uni<TalkView> startedOrEnded(String talkId, boolean started, Instant at, boolean shiftFollowing, String by) {
        if (!ProgrammeTime.within(at)) {
            throw new BadRequest("at", "'at' " + ProgrammeTime.outside(at) + ".");
        }
        return edit(talkId, by, talk -> {
            if (talk.status == Talk.Status.cancelled) {
                throw new Conflict("Talk " + talkId + " is cancelled; restore it first.");
            }
            Duration delay = Duration.between(started ? talk.start : talk.end, at);
            if (!started && !at.isAfter(talk.start)) {
                throw new BadRequest("at", "A talk cannot end before it starts (" + talk.start + ").");
            }
            // Read the later talks before changing this one: a query flushes pending changes first.
            Uni<List<Talk>> following = shiftFollowing && !delay.isZero()
                    ? Talk.list("sessionId = ?1 and start > ?2 and status <> ?3 order by start", talk.sessionId,
                            talk.start, Talk.Status.cancelled)
                    : Uni.createFrom().item(List.of());
            return following.chain(later -> {
                List<ProgrammeChange> changes = new ArrayList<>();
                if (delay.isZero()) {
                    return Uni.createFrom().voidItem();
                }
                Talk before = talk.slot();
                if (started) {
                    talk.start = at;
                    talk.end = within(talk, talk.end.plus(delay));
                } else {
                    talk.end = at;
                }
                moved(talk, before, changes, by);
                for (Talk next : later) {
                    Talk nextBefore = next.slot();
                    next.start = within(next, next.start.plus(delay));
                    next.end = within(next, next.end.plus(delay));
                    moved(next, nextBefore, changes, by);
                }
                LOG.infof("%s %s at %s (%+d s): %d later talks of its session shifted", talkId,
                        started ? "started" : "ended", at, delay.toSeconds(), later.size());
                return persist(changes);
            });
        });
    }

    /** A shifted time of {@code talk}, if it stays in the years a programme may use. */
    private static Instant within(Talk talk, Instant shifted) {
        if (!ProgrammeTime.within(shifted)) {
            throw new BadRequest("at", "The shift would put '" + talk.title + "' at " + shifted + ", outside "
                    + ProgrammeTime.YEARS + ".");
        }
        return shifted;
    }

    private static void moved(Talk talk, Talk before, List<ProgrammeChange> changes, String by) {
        talk.status = Talk.Status.moved;
        talk.updatedAt = Instant.now();
        changes.add(ProgrammeChange.of(ProgrammeChange.Kind.moved, before, talk, by));
    }

    private interface Edit {
        Uni<Void> apply(Talk talk);
    }

    private Uni<TalkView> edit(String talkId, String by, Edit edit) {
        return Panache.withTransaction(() -> ProgrammeImporter.lockProgramme()
                .chain(Programme::bumpVersion)
                .chain(() -> Talk.<Talk>findById(talkId))
                .onItem().ifNull().failWith(() -> new NotFoundException("There is no talk " + talkId + "."))
                .chain(talk -> edit.apply(talk)))
                .chain(() -> programme.changed(by))
                .map(snapshot -> snapshot.talk(talkId));
    }

    private static Uni<Void> refuseOverlap(String talkId, String room, Instant start, Instant end) {
        return Talk.<Talk>find("room = ?1 and id <> ?2 and status <> ?3 and start < ?4 and end > ?5", room, talkId,
                Talk.Status.cancelled, end, start).firstResult()
                .invoke(other -> {
                    if (other != null) {
                        throw new Conflict("'" + other.title + "' (" + other.id + ") is in " + room + " from "
                                + other.start + " to " + other.end + ". Choose another time or room, or set "
                                + "\"force\": true to accept the overlap.");
                    }
                })
                .replaceWithVoid();
    }

    private static Uni<Void> persist(List<ProgrammeChange> changes) {
        return changes.isEmpty() ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(session -> session.persistAll(changes.toArray()));
    }
}
