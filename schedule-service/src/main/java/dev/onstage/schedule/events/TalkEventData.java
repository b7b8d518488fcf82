package dev.onstage.schedule.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.onstage.contract.TalkEventType;
import dev.onstage.schedule.programme.Conference;
import dev.onstage.schedule.programme.ProgrammeChange;
import dev.onstage.schedule.programme.ProgrammeSnapshot;
import dev.onstage.schedule.programme.SessionView;
import dev.onstage.schedule.programme.TalkView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Builds the JSON of talk events and of the compacted programme topic, as the contract's schemas describe them,
 * from the current programme. Times go through the application's ObjectMapper, which writes them as ISO-8601
 * with seconds and offset.
 */
@ApplicationScoped
public class TalkEventData {

    @Inject
    ObjectMapper json;

    /** @return the event's data, or null when its talk or session no longer exists */
    String of(OutboxEvent event, TalkEventType type, ProgrammeSnapshot programme, ProgrammeChange change, boolean late) {
        Map<String, Object> data = new LinkedHashMap<>();
        SessionView session;
        if (type.isSessionEvent()) {
            session = programme.session(event.subject);
            if (session == null) {
                return null;
            }
            data.put("session", session(session, true));
        } else {
            TalkView talk = programme.talk(event.subject);
            if (talk == null) {
                return null;
            }
            session = programme.session(talk.sessionId());
            data.put("talk", talk(talk));
            data.put("session", session(session, false));
        }
        Conference conference = programme.conference(session.conferenceId());
        data.put("conference", conference(conference));
        data.put("dueAt", event.dueAt);
        if (event.leadMinutes != null) {
            data.put("leadMinutes", event.leadMinutes);
        }
        if (type == TalkEventType.TALK_MOVED && change != null) {
            ZoneId zone = ZoneId.of(conference.timeZone);
            data.put("previous", Map.of("start", offset(change.oldStart, zone), "end", offset(change.oldEnd, zone),
                    "room", change.oldRoom));
        }
        data.put("late", late);
        return write(data);
    }

    /** The value of the compacted {@code programme} topic: the talk's current state, self-contained. */
    String programmeRecord(TalkView talk, ProgrammeSnapshot programme) {
        SessionView session = programme.session(talk.sessionId());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("talk", talk(talk));
        data.put("session", session(session, true));
        data.put("conference", conference(programme.conference(session.conferenceId())));
        data.put("updatedAt", talk.updatedAt());
        return write(data);
    }

    private static Map<String, Object> talk(TalkView talk) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", talk.id());
        data.put("title", talk.title());
        data.put("speakers", talk.speakers());
        data.put("abstract", talk.abstractText());
        data.put("room", talk.room());
        data.put("start", talk.start());
        data.put("end", talk.end());
        data.put("status", talk.status().name());
        return data;
    }

    private static Map<String, Object> session(SessionView session, boolean withTimes) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", session.id());
        data.put("title", session.title());
        data.put("room", session.room());
        data.put("moderator", session.moderator());
        if (withTimes) {
            data.put("start", session.start());
            data.put("end", session.end());
        }
        return data;
    }

    private static Map<String, Object> conference(Conference conference) {
        return Map.of("id", conference.id, "name", conference.name, "timeZone", conference.timeZone);
    }

    private static OffsetDateTime offset(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime();
    }

    private String write(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write event data", e);
        }
    }
}
