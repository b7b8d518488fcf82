package dev.onstage.schedule.programme;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Session")
public record SessionView(
        String id,
        String conferenceId,
        String title,
        String room,
        String moderator,
        OffsetDateTime start,
        OffsetDateTime end,
        String timeZone,
        List<String> talkIds) {

    static SessionView of(ConferenceSession session, ZoneId zone, List<String> talkIds) {
        return new SessionView(session.id, session.conferenceId, session.title, session.room, session.moderator,
                session.start.atZone(zone).toOffsetDateTime(), session.end.atZone(zone).toOffsetDateTime(),
                zone.getId(), talkIds);
    }
}
