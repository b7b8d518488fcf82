package dev.onstage.notification.reminders;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Accepts every talk event once, numbers it, keeps it in the {@link History} for clients that resume, and hands it to
 * the {@link Shard} of every event loop, each of which delivers it to its own connections. Only accepting an event and
 * reading the history take the lock; delivering does not (docs/reminders.md, "How delivery works").
 */
@ApplicationScoped
public class ReminderHub {

    private static final Logger LOG = Logger.getLogger(ReminderHub.class);

    private final Object lock = new Object();
    private final History history;
    private final ReminderMetrics metrics;
    private final Duration heartbeat;
    private final Duration ping;
    private final Duration batchWindow;
    private final Map<EventLoop, Shard> shardsByLoop = new HashMap<>();
    /** Copied on write, under the lock. */
    private Shard[] shards = new Shard[0];
    private final AtomicInteger subscriptions = new AtomicInteger();
    /** Other consumers of the accepted events (Web Push): known from the start, so that none misses the first. */
    private final List<ReminderListener> listeners;

    ReminderHub(ReminderMetrics metrics, Instance<ReminderListener> listeners,
            RemindersConfig config) {
        this.history = new History(config.historySize());
        this.metrics = metrics;
        this.heartbeat = config.heartbeat();
        this.ping = config.ws().pingInterval();
        this.batchWindow = config.batchWindow();
        this.listeners = listeners.stream().toList();
    }

    /**
     * Accepts an event: numbers it, keeps it and sends it to every shard.
     *
     * @return the event with its sequence number; empty when its id is already in the history (a duplicate)
     */
    Optional<Reminder> publish(Reminder reminder) {
        Reminder numbered;
        synchronized (lock) {
            if (history.contains(reminder.id())) {
                return Optional.empty();
            }
            numbered = history.add(reminder);
            for (Shard shard : shards) {
                shard.post(numbered);
            }
        }
        // Outside the lock: a listener's work must not hold up streams.
        for (ReminderListener listener : listeners) {
            try {
                listener.accepted(numbered);
            } catch (RuntimeException e) {
                LOG.errorf(e, "A listener failed on talk event %s", numbered.id());
            }
        }
        return Optional.of(numbered);
    }

    /** The shard of this event loop, made on first use with the keep-alive timers of its connections. */
    Shard shard(EventLoop loop) {
        synchronized (lock) {
            Shard shard = shardsByLoop.get(loop);
            if (shard == null) {
                // Everything accepted so far is in the history: the new shard delivers from the next event on.
                shard = new Shard(this, loop, history.lastSeq(), batchWindow.toNanos());
                shard.keepAlive(Transport.SSE, heartbeat.toMillis());
                shard.keepAlive(Transport.WEBSOCKET, ping.toMillis());
                shardsByLoop.put(loop, shard);
                shards = Arrays.copyOf(shards, shards.length + 1);
                shards[shards.length - 1] = shard;
            }
            return shard;
        }
    }

    /** What a resume gets: the events after its last id up to {@code upTo}, or all of them after a reset. */
    record Replay(boolean reset, List<Reminder> events) {
    }

    Replay replay(String lastEventId, long upTo) {
        synchronized (lock) {
            long after = history.seqOf(lastEventId);
            return after < 0 ? new Replay(true, history.between(0, upTo)) : new Replay(false, history.between(after, upTo));
        }
    }

    public List<Reminder> history() {
        synchronized (lock) {
            return history.all();
        }
    }

    /** Subscriptions currently receiving events (any transport). */
    public int subscriberCount() {
        return subscriptions.get();
    }

    void subscribed(int change) {
        subscriptions.addAndGet(change);
    }

    ReminderMetrics metrics() {
        return metrics;
    }
}
