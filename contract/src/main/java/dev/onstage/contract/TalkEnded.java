package dev.onstage.contract;

import java.time.Instant;

/** The data of {@code onstage.talk.ended}: a talk ends (dueAt = talk.end). */
public record TalkEnded(Talk talk, SessionRef session, Conference conference, Instant dueAt, boolean late)
        implements TalkData {

    @Override
    public TalkEventType type() {
        return TalkEventType.TALK_ENDED;
    }
}
