package dev.onstage.notification.agenda;

import java.util.Map;
import java.util.UUID;

/**
 * The favourites of one attendee with an open stream, kept current while the stream lasts: a change on any instance
 * reaches it (see {@link Agendas}).
 */
public final class Agenda {

    private final UUID attendee;
    // Replaced as a whole on every change; read by the stream for every event.
    private volatile Map<String, Integer> leadMinutesByTalk = Map.of();
    // Guarded by Agendas: open streams, and the number of the latest load (an older load must not win).
    int streams;
    long loads;

    Agenda(UUID attendee) {
        this.attendee = attendee;
    }

    public UUID attendee() {
        return attendee;
    }

    /** The lead time of the attendee's reminder for this talk, or null when it is not a favourite. */
    public Integer leadMinutes(String talkId) {
        return talkId == null ? null : leadMinutesByTalk.get(talkId);
    }

    void set(Map<String, Integer> favourites) {
        leadMinutesByTalk = Map.copyOf(favourites);
    }
}
