package dev.onstage.contract;

import java.time.OffsetDateTime;

/** {@code previous} in the data of {@code talk.moved}: where and when the talk was before the move. */
public record Previous(OffsetDateTime start, OffsetDateTime end, String room) {
}
