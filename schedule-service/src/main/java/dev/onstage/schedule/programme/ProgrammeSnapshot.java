package dev.onstage.schedule.programme;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable, in-memory view of the whole programme. Reads (talks, sessions, "now") are served from it, so the
 * hottest one, {@code GET /api/now}, never waits on the database; writers replace it after each commit.
 */
public final class ProgrammeSnapshot {

    static final ProgrammeSnapshot EMPTY = new ProgrammeSnapshot(-1, List.of(), List.of(), List.of());

    /** The programme_version this snapshot was read at. */
    private final long version;

    private final Map<String, Conference> conferences;
    private final List<SessionView> sessions;
    private final List<TalkView> talks;
    private final Map<String, TalkView> talksById;
    private final Map<String, SessionView> sessionsById;
    /** Per room, the talks that will take place (not cancelled), by start. */
    private final Map<String, List<TalkView>> activeTalksByRoom;
    /** The same per conference: a room's name means a room only within its conference. */
    private final Map<String, Map<String, List<TalkView>>> activeTalksByConferenceAndRoom;
    /** Per conference with sessions, from its first start to its last end; by start, then conference id. */
    private final List<Span> spans;
    private final String fallbackConference;

    private record Span(String conferenceId, Instant start, Instant end) {
    }

    ProgrammeSnapshot(long version, List<Conference> conferences, List<ConferenceSession> sessions, List<Talk> talks) {
        this.version = version;
        this.conferences = conferences.stream().collect(Collectors.toUnmodifiableMap(c -> c.id, Function.identity()));
        Map<String, ConferenceSession> sessionsById = sessions.stream()
                .collect(Collectors.toMap(s -> s.id, Function.identity()));
        this.talks = talks.stream()
                .map(talk -> {
                    ConferenceSession session = sessionsById.get(talk.sessionId);
                    return TalkView.of(talk, session, zoneOf(session.conferenceId));
                })
                .sorted(Comparator.comparing(TalkView::start).thenComparing(TalkView::room).thenComparing(TalkView::id))
                .toList();
        this.talksById = this.talks.stream().collect(Collectors.toUnmodifiableMap(TalkView::id, Function.identity()));
        Map<String, List<String>> talkIdsBySession = this.talks.stream()
                .collect(Collectors.groupingBy(TalkView::sessionId, Collectors.mapping(TalkView::id, Collectors.toList())));
        this.sessions = sessions.stream()
                .map(s -> SessionView.of(s, zoneOf(s.conferenceId), talkIdsBySession.getOrDefault(s.id, List.of())))
                .sorted(Comparator.comparing(SessionView::start).thenComparing(SessionView::room))
                .toList();
        this.sessionsById = this.sessions.stream().collect(Collectors.toUnmodifiableMap(SessionView::id, Function.identity()));
        List<TalkView> active = this.talks.stream().filter(talk -> talk.status() != Talk.Status.cancelled).toList();
        this.activeTalksByRoom = byRoom(active);
        this.activeTalksByConferenceAndRoom = active.stream()
                .collect(Collectors.groupingBy(TalkView::conferenceId, Collectors.toList()))
                .entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> byRoom(e.getValue())));
        this.spans = sessions.stream()
                .collect(Collectors.groupingBy(s -> s.conferenceId, TreeMap::new, Collectors.toList()))
                .entrySet().stream()
                .map(e -> new Span(e.getKey(),
                        e.getValue().stream().map(s -> s.start).min(Comparator.naturalOrder()).orElseThrow(),
                        e.getValue().stream().map(s -> s.end).max(Comparator.naturalOrder()).orElseThrow()))
                .sorted(Comparator.comparing(Span::start))
                .toList();
        // Without sessions: the conference with the first id, the same whatever order the rows come in.
        this.fallbackConference = conferences.stream().map(c -> c.id).min(Comparator.naturalOrder()).orElse(null);
    }

    /** Per room, its talks by start (the list is by start already). */
    private static Map<String, List<TalkView>> byRoom(List<TalkView> talks) {
        Map<String, List<TalkView>> byRoom = new TreeMap<>();
        for (TalkView talk : talks) {
            byRoom.computeIfAbsent(talk.room(), room -> new ArrayList<>()).add(talk);
        }
        byRoom.replaceAll((room, list) -> List.copyOf(list));
        return byRoom;
    }

    private ZoneId zoneOf(String conferenceId) {
        return ZoneId.of(conferences.get(conferenceId).timeZone);
    }

    public long version() {
        return version;
    }

    public List<SessionView> sessions() {
        return sessions;
    }

    public List<TalkView> talks() {
        return talks;
    }

    public TalkView talk(String id) {
        return talksById.get(id);
    }

    public SessionView session(String id) {
        return sessionsById.get(id);
    }

    public Conference conference(String id) {
        return conferences.get(id);
    }

    /** What is on in every room of every conference, at an instant shown in the zone of {@link #conferenceAt}. */
    public NowOnStage now(Instant at) {
        return onStage(at, activeTalksByRoom, zoneAt(at));
    }

    /** What is on in the rooms of one conference (which must exist), at an instant shown in its zone. */
    public NowOnStage now(Instant at, String conferenceId) {
        return onStage(at, activeTalksByConferenceAndRoom.getOrDefault(conferenceId, Map.of()), zoneOf(conferenceId));
    }

    private static NowOnStage onStage(Instant at, Map<String, List<TalkView>> talksByRoom, ZoneId zone) {
        List<NowOnStage.Room> rooms = new ArrayList<>(talksByRoom.size());
        talksByRoom.forEach((room, roomTalks) -> {
            // Talks in a room do not overlap: the first one that has not ended is on now or comes next.
            int i = firstNotEndedBy(roomTalks, at);
            NowOnStage.Current current = null;
            if (i < roomTalks.size() && !roomTalks.get(i).start().toInstant().isAfter(at)) {
                TalkView talk = roomTalks.get(i);
                current = new NowOnStage.Current(talk, seconds(talk.start().toInstant(), at),
                        seconds(at, talk.end().toInstant()));
                i++;
            }
            NowOnStage.Next next = i < roomTalks.size()
                    ? new NowOnStage.Next(roomTalks.get(i), seconds(at, roomTalks.get(i).start().toInstant()))
                    : null;
            rooms.add(new NowOnStage.Room(room, current, next));
        });
        return new NowOnStage(at.atZone(zone).toOffsetDateTime(), rooms);
    }

    /** The zone "now" is shown in: the {@link #conferenceAt} one's, or UTC without conferences. */
    ZoneId zoneAt(Instant at) {
        String conference = conferenceAt(at);
        return conference == null ? ZoneOffset.UTC : zoneOf(conference);
    }

    /**
     * The conference of the moment: the one going on at that instant, else the next one to start, else the last one to
     * end; without sessions the one with the first id; null without conferences.
     */
    public String conferenceAt(Instant at) {
        for (Span span : spans) {
            if (!at.isBefore(span.start()) && at.isBefore(span.end())) {
                return span.conferenceId();
            }
        }
        for (Span span : spans) {
            if (span.start().isAfter(at)) {
                return span.conferenceId();
            }
        }
        return spans.stream().max(Comparator.comparing(Span::end)).map(Span::conferenceId).orElse(fallbackConference);
    }

    /** Every conference, by first start (those without sessions last, by id); the one of the moment marked current. */
    public List<ConferenceView> conferences(Instant at) {
        String current = conferenceAt(at);
        Map<String, Span> spanOf = spans.stream().collect(Collectors.toMap(Span::conferenceId, Function.identity()));
        return conferences.values().stream()
                .sorted(Comparator.comparing((Conference c) -> spanOf.containsKey(c.id) ? spanOf.get(c.id).start()
                        : Instant.MAX).thenComparing(c -> c.id))
                .map(c -> {
                    Span span = spanOf.get(c.id);
                    ZoneId zone = zoneOf(c.id);
                    return new ConferenceView(c.id, c.name, c.timeZone,
                            span == null ? null : span.start().atZone(zone).toOffsetDateTime(),
                            span == null ? null : span.end().atZone(zone).toOffsetDateTime(), c.id.equals(current));
                })
                .toList();
    }

    private static int firstNotEndedBy(List<TalkView> roomTalks, Instant at) {
        int low = 0;
        int high = roomTalks.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (roomTalks.get(mid).end().toInstant().isAfter(at)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    private static long seconds(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds();
    }
}
