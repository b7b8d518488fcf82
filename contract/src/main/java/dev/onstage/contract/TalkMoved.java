package dev.onstage.contract;

import java.time.Instant;

/**
 * The data of {@code onstage.talk.moved}: a talk got another time or room.
 *
 * @param talk     the new state (status moved)
 * @param dueAt    the programme time at which the change was made
 * @param previous where and when it was before
 */
public record TalkMoved(Talk talk, SessionRef session, Conference conference, Instant dueAt, Previous previous,
        boolean late) implements TalkData {

    @Override
    public TalkEventType type() {
        return TalkEventType.TALK_MOVED;
    }
}
