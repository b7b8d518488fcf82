package dev.onstage.schedule.programme;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What is on stage in each room at one instant, and what comes next. */
public record NowOnStage(OffsetDateTime at, List<Room> rooms) {

    public record Room(String room, @Schema(nullable = true) Current now, @Schema(nullable = true) Next next) {
    }

    /** The talk on stage, how far into it we are and how long it still runs. */
    public record Current(TalkView talk, long elapsedSeconds, long remainingSeconds) {
    }

    /** The next talk in the room and how long until it starts. */
    public record Next(TalkView talk, long startsInSeconds) {
    }
}
