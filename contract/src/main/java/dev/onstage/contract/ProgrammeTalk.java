package dev.onstage.contract;

import java.time.Instant;

/**
 * A record value of the compacted {@code programme} topic: one talk's current state, self-contained.
 *
 * @param updatedAt when the talk last changed
 */
public record ProgrammeTalk(Talk talk, Session session, Conference conference, Instant updatedAt) {
}
