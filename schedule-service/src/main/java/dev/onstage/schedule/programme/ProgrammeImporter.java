package dev.onstage.schedule.programme;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.onstage.schedule.programme.imports.ImportedProgramme;
import dev.onstage.schedule.programme.imports.ImportedSession;
import dev.onstage.schedule.programme.imports.ImportedTalk;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Stores an imported programme in one transaction, updating by stable id: a re-import of the same programme
 * changes nothing, a changed one updates, moves and cancels talks, and every change is recorded for the clock.
 */
@ApplicationScoped
public class ProgrammeImporter {

    private static final Logger LOG = Logger.getLogger(ProgrammeImporter.class);

    /** Serializes imports and organizer edits across instances sharing the database. */
    static final long PROGRAMME_LOCK = 0x6F6E7374616765L;

    @Inject
    Programme programme;

    public record ImportReport(String conferenceId, int sessions, int talks, int created, int updated, int moved,
            int cancelled, int unchanged, List<String> notes) {
    }

    public Uni<ImportReport> importProgramme(ImportedProgramme imported, String by) {
        return Panache.withTransaction(() -> lockProgramme().chain(Programme::bumpVersion).chain(() -> merge(imported, by)))
                .call(report -> programme.changed(by))
                .invoke(report -> LOG.infof("Imported %s by %s: %d created, %d updated, %d moved, %d cancelled, "
                        + "%d unchanged", report.conferenceId(), by, report.created(), report.updated(),
                        report.moved(), report.cancelled(), report.unchanged()));
    }

    /** Takes the programme lock for the current transaction: imports, edits and event planning take turns. */
    public static Uni<Void> lockProgramme() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT pg_advisory_xact_lock(" + PROGRAMME_LOCK + ")")
                        .getSingleResult())
                .replaceWithVoid();
    }

    private Uni<ImportReport> merge(ImportedProgramme imported, String by) {
        List<String> sessionIds = imported.sessions().stream().map(ImportedSession::id).toList();
        List<String> talkIds = imported.talks().stream().map(ImportedTalk::id).toList();
        // What this conference had, and whatever already carries one of the imported ids (ids are stable across
        // imports, even when a programme is imported under another conference id).
        return Conference.<Conference>findById(imported.conferenceId())
                .chain(conference -> ConferenceSession.<ConferenceSession>list("conferenceId = ?1 or id in ?2",
                        imported.conferenceId(), sessionIds)
                        .chain(sessions -> Talk.<Talk>list("sessionId in ?1 or id in ?2",
                                sessions.stream().filter(s -> s.conferenceId.equals(imported.conferenceId()))
                                        .map(s -> s.id).toList(), talkIds)
                                .chain(talks -> apply(imported, conference, sessions, talks, by))));
    }

    private Uni<ImportReport> apply(ImportedProgramme imported, Conference existingConference,
            List<ConferenceSession> existingSessions, List<Talk> existingTalks, String by) {
        List<Object> toPersist = new ArrayList<>();
        Instant now = Instant.now();

        Conference conference = existingConference;
        if (conference == null) {
            conference = new Conference();
            conference.id = imported.conferenceId();
            toPersist.add(conference);
        }
        if (!imported.conferenceName().equals(conference.name) || !imported.zone().getId().equals(conference.timeZone)) {
            conference.name = imported.conferenceName();
            conference.timeZone = imported.zone().getId();
            conference.updatedAt = now;
        }

        Map<String, ConferenceSession> sessionsById = existingSessions.stream()
                .collect(Collectors.toMap(s -> s.id, Function.identity()));
        Map<String, Talk> talksById = existingTalks.stream().collect(Collectors.toMap(t -> t.id, Function.identity()));
        Counts counts = new Counts();
        Set<String> importedTalkIds = new HashSet<>();

        for (ImportedSession in : imported.sessions()) {
            ConferenceSession session = sessionsById.get(in.id());
            if (session == null) {
                session = new ConferenceSession();
                session.id = in.id();
                session.conferenceId = imported.conferenceId();
                toPersist.add(session);
            }
            session.conferenceId = imported.conferenceId();
            session.title = in.title();
            session.room = in.room();
            session.moderator = in.moderator();
            session.start = in.start();
            session.end = in.end();

            for (ImportedTalk inTalk : in.talks()) {
                importedTalkIds.add(inTalk.id());
                Talk talk = talksById.get(inTalk.id());
                if (talk == null) {
                    talk = new Talk();
                    talk.id = inTalk.id();
                    copy(inTalk, talk, session.id);
                    toPersist.add(talk);
                    toPersist.add(ProgrammeChange.of(ProgrammeChange.Kind.created, null, talk, by));
                    counts.created++;
                    continue;
                }
                Talk before = talk.slot();
                boolean timeOrRoomChanged = !talk.start.equals(inTalk.start()) || !talk.end.equals(inTalk.end())
                        || !talk.room.equals(inTalk.room());
                boolean detailsChanged = !talk.title.equals(inTalk.title()) || !talk.speakers.equals(inTalk.speakers())
                        || !Objects.equals(talk.abstractText, inTalk.abstractText()) || !talk.sessionId.equals(session.id);
                boolean wasCancelled = talk.status == Talk.Status.cancelled;
                if (!timeOrRoomChanged && !detailsChanged && !wasCancelled) {
                    counts.unchanged++;
                    continue;
                }
                copy(inTalk, talk, session.id);
                talk.updatedAt = now;
                if (wasCancelled) {
                    talk.status = timeOrRoomChanged ? Talk.Status.moved : Talk.Status.scheduled;
                    toPersist.add(ProgrammeChange.of(ProgrammeChange.Kind.restored, before, talk, by));
                    counts.updated++;
                } else if (timeOrRoomChanged) {
                    talk.status = Talk.Status.moved;
                    toPersist.add(ProgrammeChange.of(ProgrammeChange.Kind.moved, before, talk, by));
                    counts.moved++;
                } else {
                    toPersist.add(ProgrammeChange.of(ProgrammeChange.Kind.updated, before, talk, by));
                    counts.updated++;
                }
            }
        }

        // A talk that the new version of the programme no longer has is cancelled, not deleted: attendees who
        // starred it are told.
        Set<String> sessionsOfConference = existingSessions.stream()
                .filter(s -> s.conferenceId.equals(imported.conferenceId())).map(s -> s.id)
                .collect(Collectors.toSet());
        for (Talk talk : existingTalks) {
            if (!importedTalkIds.contains(talk.id) && sessionsOfConference.contains(talk.sessionId)
                    && talk.status != Talk.Status.cancelled) {
                talk.status = Talk.Status.cancelled;
                talk.updatedAt = now;
                toPersist.add(ProgrammeChange.of(ProgrammeChange.Kind.cancelled, talk, talk, by));
                counts.cancelled++;
            }
        }

        ImportReport report = new ImportReport(imported.conferenceId(), imported.sessions().size(),
                imported.talks().size(), counts.created, counts.updated, counts.moved, counts.cancelled,
                counts.unchanged, imported.notes());
        return Panache.getSession()
                .chain(session -> session.persistAll(toPersist.toArray()))
                .replaceWith(report);
    }

    private static void copy(ImportedTalk in, Talk talk, String sessionId) {
        talk.sessionId = sessionId;
        talk.title = in.title();
        talk.speakers = new ArrayList<>(in.speakers());
        talk.abstractText = in.abstractText();
        talk.room = in.room();
        talk.start = in.start();
        talk.end = in.end();
    }

    private static final class Counts {
        int created;
        int updated;
        int moved;
        int cancelled;
        int unchanged;
    }
}
