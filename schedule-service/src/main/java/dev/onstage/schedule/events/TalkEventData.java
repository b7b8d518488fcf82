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
 * Builds the JSON data of a talk event, as the contract's schemas describe it, from the current programme. Times
 * go through the application's ObjectMapper, which writes them as ISO-8601 with seconds and offset.
 */
@ApplicationScoped
public class TalkEventData {

    @Inject
    ObjectMapper json;

    /** @return the data, or null when the talk or session no longer exists */
    String of(OutboxEvent event, TalkEventType type, ProgrammeSnapshot programme, ProgrammeChange change, boolean late) {
        Map<String, Object> data = new LinkedHashMap<>();
        SessionView session;
        if (type.isSessionEvent()) {
            session = programme.session(event.subject);
            if (session == null) {
                return null;
            }
            Map<String, Object> sessionData = new LinkedHashMap<>();
            sessionData.put("id", session.id());
            sessionData.put("title", session.title());
            sessionData.put("room", session.room());
            sessionData.put("moderator", session.moderator());
            sessionData.put("start", session.start());
            sessionData.put("end", session.end());
            data.put("session", sessionData);
        } else {
            TalkView talk = programme.talk(event.subject);
            if (talk == null) {
                return null;
            }
            session = programme.session(talk.sessionId());
            Map<String, Object> talkData = new LinkedHashMap<>();
            talkData.put("id", talk.id());
            talkData.put("title", talk.title());
            talkData.put("speakers", talk.speakers());
            talkData.put("abstract", talk.abstractText());
            talkData.put("room", talk.room());
            talkData.put("start", talk.start());
            talkData.put("end", talk.end());
            talkData.put("status", talk.status().name());
            data.put("talk", talkData);
            Map<String, Object> sessionData = new LinkedHashMap<>();
            sessionData.put("id", session.id());
            sessionData.put("title", session.title());
            sessionData.put("room", session.room());
            sessionData.put("moderator", session.moderator());
            data.put("session", sessionData);
        }
        Conference conference = programme.conference(session.conferenceId());
        data.put("conference", Map.of("id", conference.id, "name", conference.name, "timeZone", conference.timeZone));
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
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write talk event data", e);
        }
    }

    private static OffsetDateTime offset(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime();
    }
}
