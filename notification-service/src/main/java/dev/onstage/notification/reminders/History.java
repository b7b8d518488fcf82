package dev.onstage.notification.reminders;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most recent events, numbered without gaps in arrival order, for clients that resume. Not thread-safe: the hub
 * guards it.
 */
final class History {

    private final Reminder[] ring;
    private final Map<String, Long> seqById = new HashMap<>();
    private long firstSeq = 1;
    private long lastSeq;

    History(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("onstage.reminders.history-size must be at least 1");
        }
        ring = new Reminder[size];
    }

    boolean contains(String id) {
        return seqById.containsKey(id);
    }

    long lastSeq() {
        return lastSeq;
    }

    /** Numbers the event and keeps it, forgetting the oldest when full. */
    Reminder add(Reminder reminder) {
        Reminder numbered = reminder.withSeq(++lastSeq);
        if (lastSeq - firstSeq == ring.length) {
            seqById.remove(ring[slot(firstSeq)].id());
            ring[slot(firstSeq++)] = null;
        }
        ring[slot(lastSeq)] = numbered;
        seqById.put(numbered.id(), lastSeq);
        return numbered;
    }

    /** The sequence number of this id, or -1 when it is not (or no longer) here. */
    long seqOf(String id) {
        Long seq = id == null ? null : seqById.get(id);
        return seq == null ? -1 : seq;
    }

    /** The events after {@code after} up to {@code upTo}, both sequence numbers, oldest first. */
    List<Reminder> between(long after, long upTo) {
        long from = Math.max(after + 1, firstSeq);
        List<Reminder> events = new ArrayList<>((int) Math.max(0, upTo - from + 1));
        for (long seq = from; seq <= upTo; seq++) {
            events.add(ring[slot(seq)]);
        }
        return events;
    }

    List<Reminder> all() {
        return between(0, lastSeq);
    }

    private int slot(long seq) {
        return (int) (seq % ring.length);
    }
}
