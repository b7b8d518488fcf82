package dev.onstage.notification.reminders;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.onstage.notification.agenda.Agenda;

/** What one connection asked for: its filter and, for an attendee's own stream, the agenda. */
final class Subscription {

    final Connection connection;
    final ReminderFilter filter;
    /** The attendee's agenda, held while the subscription lasts; null for anyone's events. */
    final Agenda agenda;
    /** The last event this subscription was visited for: one event can find it under several index keys. */
    long visitedSeq = -1;
    /** Where the index keeps it: one of its maps (null for the list of unfiltered ones) and the keys there. */
    Map<String, List<Subscription>> indexedIn;
    Collection<String> indexedUnder = List.of();

    private Runnable onEnd;

    /** @param onEnd runs once when the subscription ends (releases the agenda) */
    Subscription(Connection connection, ReminderFilter filter, Agenda agenda, Runnable onEnd) {
        this.connection = connection;
        this.filter = filter;
        this.agenda = agenda;
        this.onEnd = onEnd;
    }

    void ended() {
        Runnable run = onEnd;
        onEnd = null;
        if (run != null) {
            run.run();
        }
    }

    boolean wants(Reminder reminder) {
        return filter.test(reminder) && (agenda == null || ReminderFilter.wantedBy(agenda, reminder));
    }
}
