package dev.onstage.schedule.programme.imports;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A conference programme as read from an external format, before it is stored.
 *
 * @param conferenceId   stable id of the conference: the schedule's acronym, or a slug where the format has none
 * @param conferenceName human-readable name of the conference
 * @param zone           the zone in which the organisers show the programme's times; for display only, the
 *                       instants of sessions and talks are already exact
 * @param sessions       the sessions, each with its talks
 * @param notes          human-readable remarks for the import report, e.g. what was inferred and why
 */
public record ImportedProgramme(String conferenceId, String conferenceName, ZoneId zone,
        List<ImportedSession> sessions, List<String> notes) {

    public ImportedProgramme {
        Objects.requireNonNull(conferenceId, "conferenceId");
        Objects.requireNonNull(conferenceName, "conferenceName");
        Objects.requireNonNull(zone, "zone");
        conferenceName = Texts.lineFeeds(conferenceName);
        sessions = List.copyOf(sessions);
        notes = List.copyOf(notes);
    }

    /** The same programme under another conference id and name (formats without one get a derived one). */
    public ImportedProgramme named(String id, String name) {
        return new ImportedProgramme(id != null ? id : conferenceId, name != null ? name : conferenceName, zone, sessions,
                notes);
    }

    /** All talks of all sessions, in session order. */
    public List<ImportedTalk> talks() {
        return sessions.stream().flatMap(session -> session.talks().stream()).toList();
    }
}
