package dev.onstage.notification.reminders;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.onstage.contract.TalkEventType;
import dev.onstage.problems.BadRequest;
import dev.onstage.notification.agenda.Agenda;

/**
 * Which events one client wants: within a parameter any value matches (OR), across parameters all must (AND); an
 * absent parameter matches everything. Speakers match case-insensitively, everything else exactly.
 */
public record ReminderFilter(Set<String> talks, Set<String> rooms, Set<String> sessions, Set<String> speakers,
        Set<String> types) implements Predicate<Reminder> {

    static final Set<String> TYPES = java.util.Arrays.stream(TalkEventType.values())
            .map(TalkEventType::shortName).collect(Collectors.toUnmodifiableSet());

    /** Checks the query parameters: a blank value, an unknown type or more than {@code maxValues} in all is a 400. */
    public static ReminderFilter of(List<String> talks, List<String> rooms, List<String> sessions,
            List<String> speakers, List<String> types, int maxValues) {
        int total = size(talks) + size(rooms) + size(sessions) + size(speakers) + size(types);
        if (total > maxValues) {
            throw new BadRequest("query", total + " filter values; at most " + maxValues + " are accepted.");
        }
        for (String type : values("type", types)) {
            if (!TYPES.contains(type)) {
                throw new BadRequest("type", "Unknown event type '" + type + "'; known: "
                        + TYPES.stream().sorted().collect(Collectors.joining(", ")) + ".");
            }
        }
        return new ReminderFilter(values("talk", talks), values("room", rooms), values("session", sessions),
                values("speaker", speakers).stream().map(s -> s.toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet()),
                values("type", types));
    }

    @Override
    public boolean test(Reminder r) {
        return (types.isEmpty() || types.contains(r.type().shortName()))
                && (talks.isEmpty() || (r.talkId() != null && talks.contains(r.talkId())))
                && (sessions.isEmpty() || (r.sessionId() != null && sessions.contains(r.sessionId())))
                && (rooms.isEmpty() || containsAny(rooms, r.rooms()))
                && (speakers.isEmpty() || containsAnyIgnoringCase(speakers, r.speakers()));
    }

    // test runs for every event and every connected client: plain loops, no stream pipeline per call.
    private static boolean containsAny(Set<String> wanted, Collection<String> values) {
        for (String value : values) {
            if (wanted.contains(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAnyIgnoringCase(Set<String> wantedLowerCase, Collection<String> values) {
        for (String value : values) {
            if (wantedLowerCase.contains(value.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an attendee wants this event: for each favourite talk, the upcoming event at its lead time (lead time 0:
     * the started event), and its moves and cancellations. Reads the agenda at each event, so changes apply at once.
     */
    public static boolean wantedBy(Agenda agenda, Reminder r) {
        Integer lead = agenda.leadMinutes(r.talkId());
        if (lead == null) {
            return false;
        }
        return switch (r.type()) {
            case TALK_UPCOMING -> lead.equals(r.leadMinutes());
            case TALK_STARTED -> lead == 0;
            case TALK_MOVED, TALK_CANCELLED -> true;
            case TALK_ENDED, SESSION_STARTED, SESSION_ENDED -> false;
        };
    }

    private static int size(List<String> values) {
        return values == null ? 0 : values.size();
    }

    private static Set<String> values(String parameter, List<String> values) {
        if (values == null) {
            return Set.of();
        }
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw new BadRequest(parameter, "The parameter '" + parameter + "' must not be empty.");
            }
        }
        return Set.copyOf(values);
    }
}
