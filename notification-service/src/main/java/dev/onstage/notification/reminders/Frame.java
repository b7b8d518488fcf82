package dev.onstage.notification.reminders;

/** What a client's stream carries: events, the reset notice of a resume that cannot be exact, and heartbeats. */
public sealed interface Frame {

    /** Always first: the client is registered, every later event reaches it. */
    record Subscribed() implements Frame {
    }

    /** An event; {@code replayed} when it comes from the history rather than live. */
    record Event(Reminder reminder, boolean replayed) implements Frame {
    }

    /** The history no longer reaches back to (or never had) {@code lastEventId}: what follows is all of it. */
    record Reset(String lastEventId) implements Frame {
    }

    /** Keeps idle connections open through proxies. */
    record Heartbeat() implements Frame {
    }
}
