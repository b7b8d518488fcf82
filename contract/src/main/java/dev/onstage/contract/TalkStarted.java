package dev.onstage.contract;

import java.time.Instant;

/** The data of {@code onstage.talk.started}: a talk starts (dueAt = talk.start). */
public record TalkStarted(Talk talk, SessionRef session, Conference conference, Instant dueAt, boolean late)
        implements TalkData {

    @Override
    public TalkEventType type() {
        return TalkEventType.TALK_STARTED;
    }
}
