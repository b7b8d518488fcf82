package dev.onstage.notification.reminders;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.vertx.core.json.JsonObject;

/**
 * The text/event-stream frames of a reminder stream (docs/reminders.md), each as one whole HTTP/1.1 chunk (size line,
 * frame, CRLF): what goes on the wire, written below Netty's HTTP encoder. {@link #unchunked} gives the frame alone,
 * for streams that Vert.x writes (HTTP/2).
 */
final class SseFrames {

    static final ByteBuf SUBSCRIBED = chunk(": subscribed\n\n");
    /** Written through the whole pipeline, which chunks it, so that the idle timeout sees the stream busy. */
    static final ByteBuf HEARTBEAT = WireBytes.of(": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII));

    private SseFrames() {
    }

    static ByteBuf event(Reminder reminder) {
        return chunk(Reminder.sseFrame(reminder.id(), reminder.type().shortName(), reminder.data()));
    }

    /** The reset notice of a resume that cannot be exact: no id, so that the client keeps its last one. */
    static ByteBuf reset(String lastEventId) {
        String data = new JsonObject().put("reason", "history-exceeded").put("lastEventId", lastEventId).encode();
        return chunk("event:reset\ndata:" + data + "\n\n");
    }

    /** The frame inside a chunk (a view, not a copy). */
    static ByteBuf unchunked(ByteBuf chunk) {
        int start = chunk.indexOf(chunk.readerIndex(), chunk.writerIndex(), (byte) '\n') + 1;
        return chunk.slice(start, chunk.writerIndex() - start - 2);
    }

    private static ByteBuf chunk(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        byte[] size = (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[size.length + bytes.length + 2];
        System.arraycopy(size, 0, chunk, 0, size.length);
        System.arraycopy(bytes, 0, chunk, size.length, bytes.length);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return WireBytes.of(chunk);
    }
}
