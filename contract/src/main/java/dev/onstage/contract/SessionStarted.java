package dev.onstage.contract;

import java.time.Instant;

/** The data of {@code onstage.session.started}: a session starts (dueAt = session.start). */
public record SessionStarted(Session session, Conference conference, Instant dueAt, boolean late)
        implements SessionData {

    @Override
    public TalkEventType type() {
        return TalkEventType.SESSION_STARTED;
    }
}
