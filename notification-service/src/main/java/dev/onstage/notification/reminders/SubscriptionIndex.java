package dev.onstage.notification.reminders;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The subscriptions of one shard, indexed so that an event visits the subscriptions it may match rather than all of
 * them. Each subscription is kept under the values of one of its filter's parameters (an attendee's stream under the
 * talks of its agenda; otherwise talks, sessions, rooms, speakers or types, the first the filter has); an event looks
 * up its own talk, session, rooms, speakers and type, and each subscription found still checks its whole filter. Used on
 * the shard's event loop only.
 */
final class SubscriptionIndex {

    private final Map<String, List<Subscription>> byTalk = new HashMap<>();
    private final Map<String, List<Subscription>> bySession = new HashMap<>();
    private final Map<String, List<Subscription>> byRoom = new HashMap<>();
    private final Map<String, List<Subscription>> bySpeaker = new HashMap<>();
    private final Map<String, List<Subscription>> byType = new HashMap<>();
    private final List<Subscription> unfiltered = new ArrayList<>();

    void add(Subscription subscription) {
        ReminderFilter filter = subscription.filter;
        if (subscription.agenda != null) {
            put(byTalk, subscription, subscription.agenda.talkIds());
        } else if (!filter.talks().isEmpty()) {
            put(byTalk, subscription, filter.talks());
        } else if (!filter.sessions().isEmpty()) {
            put(bySession, subscription, filter.sessions());
        } else if (!filter.rooms().isEmpty()) {
            put(byRoom, subscription, filter.rooms());
        } else if (!filter.speakers().isEmpty()) {
            put(bySpeaker, subscription, filter.speakers());
        } else if (!filter.types().isEmpty()) {
            put(byType, subscription, filter.types());
        } else {
            subscription.indexedIn = null;
            subscription.indexedUnder = List.of();
            unfiltered.add(subscription);
        }
    }

    void remove(Subscription subscription) {
        if (subscription.indexedIn == null) {
            removeFrom(unfiltered, subscription);
            return;
        }
        for (String key : subscription.indexedUnder) {
            List<Subscription> list = subscription.indexedIn.get(key);
            if (list != null && removeFrom(list, subscription) && list.isEmpty()) {
                subscription.indexedIn.remove(key);
            }
        }
        subscription.indexedUnder = List.of();
    }

    /** Every subscription the event may match; one may come more than once (see {@link Subscription#visitedSeq}). */
    void forEachCandidate(Reminder reminder, Consumer<Subscription> visit) {
        visitAll(byTalk.get(reminder.talkId()), visit);
        visitAll(bySession.get(reminder.sessionId()), visit);
        for (String room : reminder.rooms()) {
            visitAll(byRoom.get(room), visit);
        }
        for (String speaker : reminder.speakers()) {
            visitAll(bySpeaker.get(speaker.toLowerCase(Locale.ROOT)), visit);
        }
        visitAll(byType.get(reminder.type().shortName()), visit);
        visitAll(unfiltered, visit);
    }

    private static void put(Map<String, List<Subscription>> index, Subscription subscription, Set<String> keys) {
        subscription.indexedIn = index;
        subscription.indexedUnder = List.copyOf(keys);
        for (String key : keys) {
            index.computeIfAbsent(key, k -> new ArrayList<>(4)).add(subscription);
        }
    }

    private static void visitAll(List<Subscription> subscriptions, Consumer<Subscription> visit) {
        if (subscriptions != null) {
            for (int i = 0, n = subscriptions.size(); i < n; i++) {
                visit.accept(subscriptions.get(i));
            }
        }
    }

    /** Swaps the last one into its place: order within a key does not matter, and nothing shifts. */
    private static boolean removeFrom(List<Subscription> list, Subscription subscription) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i) == subscription) {
                Subscription last = list.remove(list.size() - 1);
                if (i < list.size()) {
                    list.set(i, last);
                }
                return true;
            }
        }
        return false;
    }
}
