package dev.onstage.schedule.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import org.jboss.logging.Logger;

import dev.onstage.contract.Conference;
import dev.onstage.contract.EventData;
import dev.onstage.contract.Previous;
import dev.onstage.contract.ProgrammeTalk;
import dev.onstage.contract.Session;
import dev.onstage.contract.SessionEnded;
import dev.onstage.contract.SessionRef;
import dev.onstage.contract.SessionStarted;
import dev.onstage.contract.Talk;
import dev.onstage.contract.TalkCancelled;
import dev.onstage.contract.TalkData;
import dev.onstage.contract.TalkEnded;
import dev.onstage.contract.TalkEventType;
import dev.onstage.contract.TalkMoved;
import dev.onstage.contract.TalkStarted;
import dev.onstage.contract.TalkStatus;
import dev.onstage.contract.TalkUpcoming;
import dev.onstage.schedule.programme.ProgrammeChange;
import dev.onstage.schedule.programme.ProgrammeSnapshot;
import dev.onstage.schedule.programme.SessionView;
import dev.onstage.schedule.programme.TalkView;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Builds the contract's records of talk events and of the compacted programme topic from the current programme;
 * {@link dev.onstage.contract.EventJson} writes them as the schemas describe.
 */
@ApplicationScoped
public class TalkEventData {

    private static final Logger LOG = Logger.getLogger(TalkEventData.class);

    /** @return the event's data, or null when its talk or session no longer exists */
    EventData of(OutboxEvent event, TalkEventType type, ProgrammeSnapshot programme, ProgrammeChange change,
            boolean late) {
        Instant dueAt = event.dueAt;
        return switch (type) {
            case TALK_UPCOMING -> talkEvent(event, programme,
                    (talk, session, conference) -> new TalkUpcoming(talk, session, conference, dueAt,
                            event.leadMinutes, late));
            case TALK_STARTED -> talkEvent(event, programme,
                    (talk, session, conference) -> new TalkStarted(talk, session, conference, dueAt, late));
            case TALK_ENDED -> talkEvent(event, programme,
                    (talk, session, conference) -> new TalkEnded(talk, session, conference, dueAt, late));
            case TALK_MOVED -> change == null ? withoutChange(event) : talkEvent(event, programme,
                    (talk, session, conference) -> new TalkMoved(talk, session, conference, dueAt,
                            previous(change, conference), late));
            case TALK_CANCELLED -> talkEvent(event, programme,
                    (talk, session, conference) -> new TalkCancelled(talk, session, conference, dueAt, late));
            case SESSION_STARTED -> sessionEvent(event, programme,
                    (session, conference) -> new SessionStarted(session, conference, dueAt, late));
            case SESSION_ENDED -> sessionEvent(event, programme,
                    (session, conference) -> new SessionEnded(session, conference, dueAt, late));
        };
    }

    /** The value of the compacted {@code programme} topic: the talk's current state, self-contained. */
    ProgrammeTalk programmeRecord(TalkView talk, ProgrammeSnapshot programme) {
        SessionView session = programme.session(talk.sessionId());
        return new ProgrammeTalk(talk(talk), session(session), conference(programme, session), talk.updatedAt());
    }

    private interface TalkEventOf {
        TalkData of(Talk talk, SessionRef session, Conference conference);
    }

    private interface SessionEventOf {
        EventData of(Session session, Conference conference);
    }

    private static EventData talkEvent(OutboxEvent event, ProgrammeSnapshot programme, TalkEventOf data) {
        TalkView talk = programme.talk(event.subject);
        if (talk == null) {
            return null;
        }
        SessionView session = programme.session(talk.sessionId());
        return data.of(talk(talk), session(session).ref(), conference(programme, session));
    }

    private static EventData sessionEvent(OutboxEvent event, ProgrammeSnapshot programme, SessionEventOf data) {
        SessionView session = programme.session(event.subject);
        return session == null ? null : data.of(session(session), conference(programme, session));
    }

    private static EventData withoutChange(OutboxEvent event) {
        // Every move is planned from its programme_change row: without it there is no "previous" to tell.
        LOG.warnf("Dropping %s: the programme change it announces is gone", event.id);
        return null;
    }

    private static Talk talk(TalkView talk) {
        return new Talk(talk.id(), talk.title(), talk.speakers(), talk.abstractText(), talk.room(), talk.start(),
                talk.end(), status(talk));
    }

    private static TalkStatus status(TalkView talk) {
        return switch (talk.status()) {
            case scheduled -> TalkStatus.SCHEDULED;
            case moved -> TalkStatus.MOVED;
            case cancelled -> TalkStatus.CANCELLED;
        };
    }

    private static Session session(SessionView session) {
        return new Session(session.id(), session.title(), session.room(), session.moderator(), session.start(),
                session.end());
    }

    private static Conference conference(ProgrammeSnapshot programme, SessionView session) {
        var conference = programme.conference(session.conferenceId());
        return new Conference(conference.id, conference.name, conference.timeZone);
    }

    private static Previous previous(ProgrammeChange change, Conference conference) {
        ZoneId zone = ZoneId.of(conference.timeZone());
        return new Previous(offset(change.oldStart, zone), offset(change.oldEnd, zone), change.oldRoom);
    }

    private static OffsetDateTime offset(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime();
    }
}
