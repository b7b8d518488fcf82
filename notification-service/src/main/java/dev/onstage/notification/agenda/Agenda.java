package dev.onstage.notification.agenda;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The favourites of one attendee with an open stream, kept current while the stream lasts: a change on any instance
 * reaches it (see {@link Agendas}).
 */
public final class Agenda {

    private final UUID attendee;
    // Replaced as a whole on every change; read by the stream for every event.
    private volatile Map<String, Integer> leadMinutesByTalk = Map.of();
    // Guarded by Agendas: the open streams.
    int streams;
    // Loads of the favourites, numbered as they start, and the newest whose read was applied.
    private long loadsStarted;
    private long loadApplied;

    Agenda(UUID attendee) {
        this.attendee = attendee;
    }

    /** Runs after every change of the favourites (on the thread that made it), until removed. */
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public UUID attendee() {
        return attendee;
    }

    /** The lead time of the attendee's reminder for this talk, or null when it is not a favourite. */
    public Integer leadMinutes(String talkId) {
        return talkId == null ? null : leadMinutesByTalk.get(talkId);
    }

    /** The favourite talks as they are now. */
    public Set<String> talkIds() {
        return leadMinutesByTalk.keySet();
    }

    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public void removeOnChange(Runnable listener) {
        listeners.remove(listener);
    }

    /** A load of the favourites starts (after the change it must reflect was committed): its number. */
    synchronized long loadStarted() {
        return ++loadsStarted;
    }

    /**
     * A load read these favourites. It is applied unless a load that started later was applied already (that one read
     * a state at least as new as every change before it). A load is never skipped merely because a later one is still
     * running: whoever waits for this load (the request that changed the favourites) must find its change in place.
     *
     * @return whether the read was applied
     */
    synchronized boolean loaded(long load, Map<String, Integer> favourites) {
        if (load <= loadApplied) {
            return false;
        }
        loadApplied = load;
        leadMinutesByTalk = Map.copyOf(favourites);
        listeners.forEach(Runnable::run);
        return true;
    }
}
