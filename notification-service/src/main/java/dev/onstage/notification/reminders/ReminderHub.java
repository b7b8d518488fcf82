package dev.onstage.notification.reminders;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/** Fans out every talk event to the connected clients and keeps the most recent ones for clients that resume. */
@ApplicationScoped
public class ReminderHub {

    private final int historySize;
    private final ArrayDeque<Reminder> history = new ArrayDeque<>();
    private final BroadcastProcessor<Reminder> live = BroadcastProcessor.create();
    private final AtomicInteger subscribers = new AtomicInteger();

    ReminderHub(@ConfigProperty(name = "onstage.reminders.history-size") int historySize) {
        this.historySize = historySize;
    }

    void publish(Reminder reminder) {
        synchronized (history) {
            if (history.size() == historySize) {
                history.removeFirst();
            }
            history.addLast(reminder);
        }
        live.onNext(reminder);
    }

    /** Events from now on, for one client. */
    public Multi<Reminder> live() {
        return live
                .onSubscription().invoke(subscribers::incrementAndGet)
                .onTermination().invoke(subscribers::decrementAndGet);
    }

    public List<Reminder> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    public int subscriberCount() {
        return subscribers.get();
    }
}
