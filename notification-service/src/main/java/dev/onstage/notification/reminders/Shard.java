package dev.onstage.notification.reminders;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.netty.channel.EventLoop;

/**
 * The connections of one event loop and their subscriptions: the loop delivers to them with no lock and no hop.
 *
 * <p>Everything that reaches a shard from another thread (events, subscriptions, agenda changes) goes through one
 * queue, in order, and the loop works through whatever has gathered in one turn: it writes each event to the
 * subscriptions that match, then flushes each connection it wrote to once. So a burst of events leaves in one write per
 * connection, and a task posted before an event (say, an agenda change) takes effect before it.
 *
 * <p>{@link #deliveredSeq} is the last event this shard has handed to its subscriptions; a subscription registered now
 * gets the history up to there and every later event live, which makes a resume exact without holding a lock while
 * delivering.
 */
final class Shard {

    private final ReminderHub hub;
    private final EventLoop loop;
    private final Queue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final SubscriptionIndex index = new SubscriptionIndex();
    private final Map<Transport, Set<Connection>> connections = new EnumMap<>(Transport.class);
    private final List<Connection> written = new ArrayList<>();
    private final List<Subscription> leaving = new ArrayList<>();
    private final Consumer<Subscription> deliverCurrent = this::deliverCurrent;
    private final int[] deliveredNow = new int[Transport.values().length];
    private Reminder current;
    private long deliveredSeq;

    private final long batchWindowNanos;

    Shard(ReminderHub hub, EventLoop loop, long deliveredSeq, long batchWindowNanos) {
        this.hub = hub;
        this.loop = loop;
        this.batchWindowNanos = batchWindowNanos;
        this.deliveredSeq = deliveredSeq;
        for (Transport transport : Transport.values()) {
            connections.put(transport, new HashSet<>());
        }
    }

    /**
     * From any thread: an event, or a task to run on the loop in order with the events. An event waits for the batch
     * window ({@code onstage.reminders.batch-window}), so that the events of one burst (all due at the same instant, read
     * from Kafka one after the other) leave in one write per connection rather than one each.
     */
    void post(Object eventOrTask) {
        inbox.add(eventOrTask);
        if (scheduled.compareAndSet(false, true)) {
            if (batchWindowNanos > 0 && eventOrTask instanceof Reminder) {
                loop.schedule(this::drain, batchWindowNanos, TimeUnit.NANOSECONDS);
            } else {
                loop.execute(this::drain);
            }
        }
    }

    /** Keep-alives for this shard's connections of one transport, written by one timer for all of them. */
    void keepAlive(Transport transport, long intervalMillis) {
        loop.scheduleAtFixedRate(() -> {
            for (Connection connection : connections.get(transport)) {
                if (!connection.closed()) {
                    connection.keepAlive();
                }
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void drain() {
        // Cleared first: something posted from now on schedules another turn, or is taken by this one.
        scheduled.set(false);
        Object next;
        while ((next = inbox.poll()) != null) {
            if (next instanceof Reminder reminder) {
                deliver(reminder);
            } else {
                ((Runnable) next).run();
            }
        }
        for (Connection connection : written) {
            connection.flushIfWritten();
        }
        written.clear();
    }

    private void deliver(Reminder reminder) {
        deliveredSeq = reminder.seq();
        current = reminder;
        try {
            index.forEachCandidate(reminder, deliverCurrent);
        } finally {
            current = null;
        }
        for (Subscription subscription : leaving) {
            unindex(subscription);
        }
        leaving.clear();
        for (Transport transport : Transport.values()) {
            int count = deliveredNow[transport.ordinal()];
            if (count > 0) {
                hub.metrics().delivered(transport, count, reminder.dueWallMillis());
                deliveredNow[transport.ordinal()] = 0;
            }
        }
    }

    private void deliverCurrent(Subscription subscription) {
        Reminder reminder = current;
        if (subscription.visitedSeq == reminder.seq() || !subscription.wants(reminder)) {
            return;
        }
        subscription.visitedSeq = reminder.seq();
        Connection connection = subscription.connection;
        boolean firstThisTurn = !connection.hasUnflushed();
        boolean open = !connection.closed();
        if (connection.send(reminder.wire(connection.transport))) {
            deliveredNow[connection.transport.ordinal()]++;
            if (firstThisTurn) {
                written.add(connection);
            }
        } else {
            if (open) {
                hub.metrics().dropped(connection.transport);
            }
            // Dropped, or closed meanwhile: it leaves once this event is through.
            leaving.add(subscription);
        }
    }

    // ------------------------------------------------------------------ on the loop, through the inbox

    /** Counts the connection for keep-alives before it subscribes (a WebSocket is pinged from its start). */
    void attach(Connection connection) {
        post((Runnable) () -> connections.get(connection.transport).add(connection));
    }

    void detach(Connection connection) {
        post((Runnable) () -> {
            connection.markClosed();
            connections.get(connection.transport).remove(connection);
            if (connection.subscription != null) {
                unindex(connection.subscription);
            }
        });
    }

    /**
     * Makes this the connection's subscription (replacing any other): first {@code subscribed}, then, for a resume,
     * what the history holds after {@code lastEventId} up to {@link #deliveredSeq} (all of it after a reset), then
     * every later event live.
     */
    void subscribe(Subscription subscription, String lastEventId) {
        post((Runnable) () -> {
            Connection connection = subscription.connection;
            if (connection.subscription != null) {
                unindex(connection.subscription);
            }
            if (connection.closed()) {
                subscription.ended();
                return;
            }
            if (!connection.hasUnflushed()) {
                written.add(connection);
            }
            connections.get(connection.transport).add(connection);
            connection.sendAnyway(connection.transport.subscribed());
            if (lastEventId != null) {
                ReminderHub.Replay replay = hub.replay(lastEventId, deliveredSeq);
                if (replay.reset()) {
                    connection.sendAnyway(connection.transport.reset(lastEventId));
                }
                for (Reminder reminder : replay.events()) {
                    if (subscription.wants(reminder)) {
                        connection.sendReplayed(reminder.wire(connection.transport));
                        hub.metrics().replayed(connection.transport);
                    }
                }
            }
            connection.subscription = subscription;
            index.add(subscription);
            hub.subscribed(1);
        });
    }

    /** Ends the connection's subscription; {@code then} runs on the loop once no event can reach it any more. */
    void unsubscribe(Connection connection, Runnable then) {
        post((Runnable) () -> {
            if (connection.subscription != null) {
                unindex(connection.subscription);
            }
            then.run();
        });
    }

    /** Takes the subscription out of the index once; it was its connection's, which now has none. */
    private void unindex(Subscription subscription) {
        if (subscription.connection.subscription == subscription) {
            subscription.connection.subscription = null;
            index.remove(subscription);
            hub.subscribed(-1);
            subscription.ended();
        }
    }

    /** The agenda of this subscription changed: index it under its talks as they are now. */
    void reindex(Subscription subscription) {
        post((Runnable) () -> {
            if (subscription.connection.subscription == subscription) {
                index.remove(subscription);
                index.add(subscription);
            }
        });
    }
}
