package dev.onstage.contract;

import java.time.Instant;

/**
 * The data of {@code onstage.talk.upcoming}: a reminder before a talk.
 *
 * @param dueAt       {@code talk.start} minus {@code leadMinutes}
 * @param leadMinutes how long before the start, 1 to 1440
 */
public record TalkUpcoming(Talk talk, SessionRef session, Conference conference, Instant dueAt, int leadMinutes,
        boolean late) implements TalkData {

    @Override
    public TalkEventType type() {
        return TalkEventType.TALK_UPCOMING;
    }
}
