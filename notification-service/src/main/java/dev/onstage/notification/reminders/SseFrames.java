package dev.onstage.notification.reminders;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.vertx.core.json.JsonObject;

/** The text/event-stream frames of a reminder stream (docs/reminders.md). */
final class SseFrames {

    static final ByteBuf SUBSCRIBED = ascii(": subscribed\n\n");
    static final ByteBuf HEARTBEAT = ascii(": heartbeat\n\n");

    private SseFrames() {
    }

    static ByteBuf event(Reminder reminder) {
        return WireBytes.of(Reminder.sseFrame(reminder.id(), reminder.type(), reminder.data())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The reset notice of a resume that cannot be exact: no id, so that the client keeps its last one. */
    static ByteBuf reset(String lastEventId) {
        String data = new JsonObject().put("reason", "history-exceeded").put("lastEventId", lastEventId).encode();
        return WireBytes.of(("event:reset\ndata:" + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuf ascii(String text) {
        return WireBytes.of(text.getBytes(StandardCharsets.US_ASCII));
    }
}
