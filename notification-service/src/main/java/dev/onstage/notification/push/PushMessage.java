package dev.onstage.notification.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.onstage.contract.Talk;
import dev.onstage.contract.TalkData;
import dev.onstage.contract.TalkEventType;
import dev.onstage.notification.reminders.Reminder;

/**
 * What one talk event becomes as a push: the JSON the service worker shows, and how long it is worth delivering.
 *
 * @param eventId     the CloudEvent id: with the device, the key of the delivery
 * @param talkId      whose favourites want it
 * @param leadMinutes the favourite lead time it is for (upcoming: its lead, started: 0), or null for any (moves and
 *                    cancellations reach every device of every attendee who starred the talk)
 * @param payload     the JSON the service worker receives: type, id, talkId, title, body, talkTitle, room, start (in
 *                    the conference's zone, with its offset), timeZone, url
 * @param expiresAt   the wall-clock instant after which it must not be shown (the talk's start; for "starting now",
 *                    five minutes into the talk): TTL counts down to it
 * @param urgency     RFC 8030 Urgency: {@code high} when it expires within the hour, else {@code normal}
 * @param topic       RFC 8030 Topic, the talk's: a newer push about the same talk replaces one still waiting in the
 *                    push service
 */
public record PushMessage(String eventId, String talkId, Integer leadMinutes, String payload, Instant expiresAt,
        String urgency, String topic) {

    static final Duration STARTED_SHOWN_FOR = Duration.ofMinutes(5);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);
    private static final int MAX_TITLE = 300;

    /**
     * The push of an event, if it is one that favourites want (upcoming, started, moved, cancelled) and not already
     * too late at {@code now}.
     *
     * Programme times map to wall-clock times through the event's Kafka timestamp (the wall instant its {@code dueAt}
     * was due, docs/events.md) at 1x: exact in real time; in a faster replay the push may live longer than the talk.
     */
    static Optional<PushMessage> of(Reminder reminder, ObjectMapper json, Instant now) {
        Integer lead = switch (reminder.type()) {
            case TALK_UPCOMING -> reminder.leadMinutes();
            case TALK_STARTED -> 0;
            case TALK_MOVED, TALK_CANCELLED -> null;
            case TALK_ENDED, SESSION_STARTED, SESSION_ENDED -> -1;
        };
        if (Integer.valueOf(-1).equals(lead) || !(reminder.event() instanceof TalkData event)) {
            return Optional.empty();
        }
        Talk talk = event.talk();
        OffsetDateTime start = talk.start();
        OffsetDateTime end = talk.end();
        Instant programmeExpiry = reminder.type() == TalkEventType.TALK_STARTED
                ? min(start.toInstant().plus(STARTED_SHOWN_FOR), end.toInstant())
                : start.toInstant();
        Instant expiresAt = Instant.ofEpochMilli(reminder.dueWallMillis())
                .plus(Duration.between(reminder.dueAt(), programmeExpiry));
        if (!expiresAt.isAfter(now)) {
            return Optional.empty();
        }
        ZoneId zone = zone(event.conference().timeZone(), start);
        ZonedDateTime localStart = start.atZoneSameInstant(zone);
        String title = cut(talk.title(), MAX_TITLE);
        String room = talk.room();
        String when = TIME.format(localStart);
        String[] text = switch (reminder.type()) {
            case TALK_UPCOMING -> new String[] { "In " + lead + " minutes: " + title, when + " · " + room };
            case TALK_STARTED -> new String[] { "Starting now: " + title, room };
            case TALK_MOVED -> new String[] { "Moved: " + title, "now " + when + " · " + room };
            case TALK_CANCELLED -> new String[] { "Cancelled: " + title, "was " + when + " · " + room };
            case TALK_ENDED, SESSION_STARTED, SESSION_ENDED -> throw new IllegalStateException(
                    "no push for " + reminder.type() + ": left out above");
        };
        ObjectNode payload = json.createObjectNode()
                .put("type", reminder.type().shortName())
                .put("id", reminder.id())
                .put("talkId", reminder.talkId())
                .put("title", text[0])
                .put("body", text[1])
                .put("talkTitle", title)
                .put("room", room)
                .put("start", localStart.toOffsetDateTime().toString())
                .put("timeZone", zone.getId())
                .put("url", "/?talk=" + java.net.URLEncoder.encode(reminder.talkId(), StandardCharsets.UTF_8));
        String urgency = Duration.between(now, expiresAt).compareTo(Duration.ofHours(1)) <= 0 ? "high" : "normal";
        return Optional.of(new PushMessage(reminder.id(), reminder.talkId(), lead, payload.toString(), expiresAt,
                urgency, topic(reminder.talkId())));
    }

    /** RFC 8030 5.4: at most 32 characters of the base64url alphabet; a digest of the talk id fits any id. */
    static String topic(String talkId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(talkId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static ZoneId zone(String id, OffsetDateTime start) {
        try {
            return id == null ? start.getOffset() : ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            return start.getOffset();
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
