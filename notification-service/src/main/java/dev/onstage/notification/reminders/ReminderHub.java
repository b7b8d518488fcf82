package dev.onstage.notification.reminders;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fans out every talk event to the connected clients and keeps the most recent ones, in arrival order, for clients
 * that resume.
 *
 * <p>Each accepted event gets the next sequence number. Accepting an event, snapshotting the history for a resuming
 * client and registering that client all happen under one lock, so a client gets every event after its last one
 * exactly once: those up to its registration from the history, the later ones live. An event whose id is still in
 * the history (a re-send after a producer crash) is dropped.
 *
 * <p>The fan-out itself runs on the clients' own event loops, in parallel: clients are grouped by the Vert.x event loop
 * they subscribed on, and accepting an event only hands each group the event and the group's members at that moment;
 * the loop then filters, encodes and writes for its members. (Delivering everything on the Kafka consumer's event
 * loop put nine tenths of the service's work on that one thread: docs/benchmarks.md.) Clients that subscribed off any
 * event loop get the event on the publishing thread, as before.
 */
@ApplicationScoped
public class ReminderHub {

    private final int historySize;
    private final Object lock = new Object();
    private final ArrayDeque<Reminder> history = new ArrayDeque<>();
    private final Map<String, Long> seqById = new HashMap<>();
    /** Clients by the root context of the event loop they subscribed on; guarded by the lock. */
    private final Map<Context, Loop> loops = new HashMap<>();
    /** Clients that subscribed off any event loop; guarded by the lock, copied on write. */
    private Client[] elsewhere = new Client[0];
    private int clientCount;
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
            for (Loop loop : loops.values()) {
                loop.deliver(numbered);
            }
            // The arrays are copied on write: a client that overflows leaves while we go through them.
            for (Client client : elsewhere) {
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
            Context context = Vertx.currentContext();
            Client client = new Client(filter,
                    context != null && Context.isOnEventLoopThread() ? VertxContext.getRootContext(context) : null);
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
                register(client);
            }
            // The emitter ignores demand; the bounded buffer after it fails with BackPressureFailure when full.
            return Multi.createFrom().<Frame>emitter(emitter -> client.attach(emitter, first, lock),
                    BackPressureStrategy.IGNORE)
                    .onOverflow().buffer(clientBuffer + first.size())
                    .onTermination().invoke(() -> {
                        synchronized (lock) {
                            unregister(client);
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
            return clientCount;
        }
    }

    // Both under the lock.
    private void register(Client client) {
        if (client.context == null) {
            elsewhere = with(elsewhere, client);
        } else {
            Loop loop = loops.computeIfAbsent(client.context, Loop::new);
            loop.clients = with(loop.clients, client);
        }
        clientCount++;
    }

    private void unregister(Client client) {
        Client[] before = client.context == null ? elsewhere : loops.get(client.context).clients;
        Client[] after = without(before, client);
        if (after != before) {
            clientCount--;
            if (client.context == null) {
                elsewhere = after;
            } else {
                loops.get(client.context).clients = after;
            }
        }
    }

    private static Client[] with(Client[] clients, Client client) {
        Client[] more = Arrays.copyOf(clients, clients.length + 1);
        more[clients.length] = client;
        return more;
    }

    private static Client[] without(Client[] clients, Client client) {
        for (int i = 0; i < clients.length; i++) {
            if (clients[i] == client) {
                Client[] fewer = new Client[clients.length - 1];
                System.arraycopy(clients, 0, fewer, 0, i);
                System.arraycopy(clients, i + 1, fewer, i, clients.length - i - 1);
                return fewer;
            }
        }
        return clients;
    }

    /** The clients of one event loop. */
    private static final class Loop {

        private final Context context;
        // Replaced (copy on write) under the hub's lock.
        private Client[] clients = new Client[0];

        Loop(Context context) {
            this.context = context;
        }

        /** Called under the hub's lock: the members now get the event, on their loop, in publishing order. */
        void deliver(Reminder reminder) {
            Client[] members = clients;
            if (members.length > 0) {
                context.runOnContext(ignored -> {
                    for (Client client : members) {
                        client.offer(reminder);
                    }
                });
            }
        }
    }

    private static final class Client {

        private final Predicate<Reminder> filter;
        /** The root context of the event loop the client subscribed on; null off any event loop. */
        private final Context context;
        // Both guarded by this client's monitor: events accepted between registration and attachment wait in pending.
        private MultiEmitter<? super Frame> emitter;
        private final List<Frame> pending = new ArrayList<>();

        Client(Predicate<Reminder> filter, Context context) {
            this.filter = filter;
            this.context = context;
        }

        void attach(MultiEmitter<? super Frame> emitter, List<Frame> first, Object hubLock) {
            // The hub's lock first, as publish takes it before offering to clients off any event loop.
            synchronized (hubLock) {
                synchronized (this) {
                    first.forEach(emitter::emit);
                    pending.forEach(emitter::emit);
                    pending.clear();
                    this.emitter = emitter;
                }
            }
        }

        void offer(Reminder reminder) {
            if (!filter.test(reminder)) {
                return;
            }
            Frame frame = new Frame.Event(reminder, false);
            synchronized (this) {
                if (emitter == null) {
                    pending.add(frame);
                } else {
                    emitter.emit(frame);
                }
            }
        }
    }
}
