package dev.onstage.notification.reminders;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.vertx.core.json.JsonObject;

/**
 * The server's WebSocket messages (docs/reminders.md) as whole RFC 6455 frames, header included, so that an event's
 * frame is built once and the same bytes go to every connection. Server frames are never masked. They are written
 * below Netty's frame encoder, and so are never compressed: a permessage-deflate peer reads a frame without RSV1 as
 * an uncompressed message (RFC 7692, section 6), which is what a fan-out wants (one encoding, not one per client).
 */
final class WebSocketFrames {

    private static final int FIN_TEXT = 0x81;
    private static final int FIN_PING = 0x89;

    static final ByteBuf PING = WireBytes.of(new byte[] { (byte) FIN_PING, 0 });
    static final ByteBuf SUBSCRIBED = text(new JsonObject().put("type", "subscribed").encode());
    static final ByteBuf UNSUBSCRIBED = text(new JsonObject().put("type", "unsubscribed").encode());

    private WebSocketFrames() {
    }

    static ByteBuf event(Reminder reminder) {
        return text(reminder.socketText());
    }

    static ByteBuf reset(String lastEventId) {
        return text(new JsonObject().put("type", "reset").put("reason", "history-exceeded")
                .put("lastEventId", lastEventId).encode());
    }

    /** One unfragmented text frame. */
    static ByteBuf text(String message) {
        byte[] payload = message.getBytes(StandardCharsets.UTF_8);
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) FIN_TEXT;
        if (length < 126) {
            frame[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return WireBytes.of(frame);
    }
}
