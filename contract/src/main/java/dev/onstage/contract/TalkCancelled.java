package dev.onstage.contract;

import java.time.Instant;

/**
 * The data of {@code onstage.talk.cancelled}: a talk will not take place.
 *
 * @param talk  its status is cancelled
 * @param dueAt the programme time at which the change was made
 */
public record TalkCancelled(Talk talk, SessionRef session, Conference conference, Instant dueAt, boolean late)
        implements TalkData {

    @Override
    public TalkEventType type() {
        return TalkEventType.TALK_CANCELLED;
    }
}
