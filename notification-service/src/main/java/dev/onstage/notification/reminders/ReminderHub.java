package dev.onstage.notification.reminders;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fans out every talk event to the connected clients and keeps the most recent ones, in arrival order, for clients
 * that resume.
 *
 * <p>Each accepted event gets the next sequence number. Accepting an event, snapshotting the history for a resuming
 * client and registering that client all happen under one lock, so a client gets every event after its last one
 * exactly once: those up to its registration from the history, the later ones live. An event whose id is still in
 * the history (a re-send after a producer crash) is dropped.
 */
@ApplicationScoped
public class ReminderHub {

    private final int historySize;
    private final Object lock = new Object();
    private final ArrayDeque<Reminder> history = new ArrayDeque<>();
    private final Map<String, Long> seqById = new HashMap<>();
    private final List<Client> clients = new ArrayList<>();
    private long lastSeq;

    ReminderHub(@ConfigProperty(name = "onstage.reminders.history-size") int historySize) {
        if (historySize < 1) {
            throw new IllegalArgumentException("onstage.reminders.history-size must be at least 1");
        }
        this.historySize = historySize;
    }

    /**
     * Accepts an event: numbers it, keeps it and sends it to the clients it matches.
     *
     * @return the event with its sequence number; empty when its id is already in the history (a duplicate)
     */
    Optional<Reminder> publish(Reminder reminder) {
        synchronized (lock) {
            if (seqById.containsKey(reminder.id())) {
                return Optional.empty();
            }
            Reminder numbered = reminder.withSeq(++lastSeq);
            if (history.size() == historySize) {
                seqById.remove(history.removeFirst().id());
            }
            history.addLast(numbered);
            seqById.put(numbered.id(), numbered.seq());
            // A copy: a client that overflows is removed from the list while we go through it (same thread).
            for (Client client : clients.toArray(new Client[0])) {
                client.offer(numbered);
            }
            return Optional.of(numbered);
        }
    }

    /**
     * The events one client wants, without a gap or a duplicate.
     *
     * @param filter       which events
     * @param lastEventId  null for live events only; otherwise the history after that id, then live; when the id is
     *                     not in the history, a {@link Frame.Reset} then the whole history, then live. Always
     *                     preceded by {@link Frame.Subscribed}.
     * @param clientBuffer how many events may wait for a slow client (besides its replay) before its stream fails
     *                     with a {@link io.smallrye.mutiny.subscription.BackPressureFailure}
     */
    public Multi<Frame> subscribe(Predicate<Reminder> filter, String lastEventId, int clientBuffer) {
        return Multi.createFrom().deferred(() -> {
            Client client = new Client(filter);
            List<Frame> first = new ArrayList<>();
            first.add(new Frame.Subscribed());
            synchronized (lock) {
                if (lastEventId != null) {
                    Long after = seqById.get(lastEventId);
                    if (after == null) {
                        first.add(new Frame.Reset(lastEventId));
                    }
                    long from = after == null ? 0 : after;
                    for (Reminder reminder : history) {
                        if (reminder.seq() > from && filter.test(reminder)) {
                            first.add(new Frame.Event(reminder, true));
                        }
                    }
                }
                clients.add(client);
            }
            // The emitter ignores demand; the bounded buffer after it fails with BackPressureFailure when full.
            return Multi.createFrom().<Frame>emitter(emitter -> client.attach(emitter, first),
                    BackPressureStrategy.IGNORE)
                    .onOverflow().buffer(clientBuffer + first.size())
                    .onTermination().invoke(() -> {
                        synchronized (lock) {
                            clients.remove(client);
                        }
                    });
        });
    }

    public List<Reminder> history() {
        synchronized (lock) {
            return List.copyOf(history);
        }
    }

    /** Clients currently registered (any transport). */
    public int subscriberCount() {
        synchronized (lock) {
            return clients.size();
        }
    }

    private final class Client {

        private final Predicate<Reminder> filter;
        // Both guarded by the hub's lock: events accepted between registration and attachment wait in pending.
        private MultiEmitter<? super Frame> emitter;
        private final List<Frame> pending = new ArrayList<>();

        Client(Predicate<Reminder> filter) {
            this.filter = filter;
        }

        void attach(MultiEmitter<? super Frame> emitter, List<Frame> first) {
            synchronized (lock) {
                first.forEach(emitter::emit);
                pending.forEach(emitter::emit);
                pending.clear();
                this.emitter = emitter;
            }
        }

        void offer(Reminder reminder) {
            if (!filter.test(reminder)) {
                return;
            }
            Frame frame = new Frame.Event(reminder, false);
            if (emitter == null) {
                pending.add(frame);
            } else {
                emitter.emit(frame);
            }
        }
    }
}
