package dev.onstage.notification.reminders;

import java.util.Locale;
import java.util.function.Function;

import io.netty.buffer.ByteBuf;

/**
 * The ways a client can take a reminder stream. Each has an adapter (a route that opens connections and speaks the
 * protocol) and an encoding of events: every event is encoded once per transport, when it is consumed, and the same
 * bytes go to every connection. A new transport is one constant here and one adapter.
 */
public enum Transport {

    SSE(SseFrames::event, SseFrames.SUBSCRIBED, SseFrames::reset),
    WEBSOCKET(WebSocketFrames::event, WebSocketFrames.SUBSCRIBED, WebSocketFrames::reset);

    private final Function<Reminder, ByteBuf> encoding;
    private final ByteBuf subscribed;
    private final Function<String, ByteBuf> reset;

    Transport(Function<Reminder, ByteBuf> encoding, ByteBuf subscribed, Function<String, ByteBuf> reset) {
        this.encoding = encoding;
        this.subscribed = subscribed;
        this.reset = reset;
    }

    /** What a subscription starts with: from now on every matching event reaches the client. */
    ByteBuf subscribed() {
        return subscribed;
    }

    /** The notice that a resume cannot be exact ({@code lastEventId} is not in the history). */
    ByteBuf reset(String lastEventId) {
        return reset.apply(lastEventId);
    }

    /** The event's bytes on the wire of this transport; called once per event, never per client. */
    ByteBuf encode(Reminder reminder) {
        return encoding.apply(reminder);
    }

    /** The metrics' tag. */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
