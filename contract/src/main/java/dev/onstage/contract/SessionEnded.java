package dev.onstage.contract;

import java.time.Instant;

/** The data of {@code onstage.session.ended}: a session ends (dueAt = session.end). */
public record SessionEnded(Session session, Conference conference, Instant dueAt, boolean late)
        implements SessionData {

    @Override
    public TalkEventType type() {
        return TalkEventType.SESSION_ENDED;
    }
}
