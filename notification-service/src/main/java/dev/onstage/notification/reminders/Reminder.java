package dev.onstage.notification.reminders;

import java.time.Instant;

/**
 * One talk event as clients receive it.
 *
 * @param id    the CloudEvent id: stable for the same fact, used to resume and to drop duplicates
 * @param type  short type without the {@code onstage.} prefix, e.g. {@code talk.upcoming}
 * @param talkId the talk the event is about (the Kafka key)
 * @param time  the programme instant the event is about
 * @param data  the event's JSON data, as published
 */
public record Reminder(String id, String type, String talkId, Instant time, String data) {
}
