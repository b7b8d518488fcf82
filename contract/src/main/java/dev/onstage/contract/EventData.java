package dev.onstage.contract;

import java.time.Instant;

/**
 * The data (Kafka record value) of one event on {@code talk-events}: one record per {@link TalkEventType}, so that each
 * type has exactly the fields the contract gives it ({@code leadMinutes} on upcoming only, {@code previous} on moved
 * only). The JSON Schemas stay the public definition; {@code EventDataTest} keeps these records in step with them.
 * Read and write them with {@link EventJson}.
 */
public sealed interface EventData permits TalkData, SessionData {

    /** The type whose data this is (not part of the JSON: it travels in {@code ce_type}). */
    TalkEventType type();

    Conference conference();

    /** The programme instant this fact is about; the same instant as {@code ce_time}. */
    Instant dueAt();

    /** True when it was published after {@code dueAt} had passed. */
    boolean late();

    /** The Kafka key and {@code ce_subject}: the talk id, or the session id of a session event. */
    String subject();
}
