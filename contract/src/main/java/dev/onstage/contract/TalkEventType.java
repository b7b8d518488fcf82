package dev.onstage.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The CloudEvents types on the {@code talk-events} topic, with their wire names ({@code ce_type}).
 *
 * <p>Talk events are keyed by the talk id and their {@code ce_subject} is the talk id; session events are keyed by
 * the session id and their {@code ce_subject} is the session id. See {@code docs/events.md}.
 */
public enum TalkEventType {

    /** A reminder, {@code leadMinutes} before the talk starts. */
    TALK_UPCOMING("onstage.talk.upcoming"),
    /** The talk starts now (its programme start). */
    TALK_STARTED("onstage.talk.started"),
    /** The talk ends now (its programme end). */
    TALK_ENDED("onstage.talk.ended"),
    /** The talk got another time or room; {@code previous} says where and when it was. */
    TALK_MOVED("onstage.talk.moved"),
    /** The talk will not take place. */
    TALK_CANCELLED("onstage.talk.cancelled"),
    /** A session (a block of talks in one room) starts now. */
    SESSION_STARTED("onstage.session.started"),
    /** A session ends now. */
    SESSION_ENDED("onstage.session.ended");

    /** Every wire name starts with this; {@link #shortName()} is the rest. */
    public static final String TYPE_PREFIX = "onstage.";

    private static final String CONTRACT = "onstage/contract/";
    private static final Map<String, TalkEventType> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(TalkEventType::type, Function.identity()));

    private final String type;

    TalkEventType(String type) {
        this.type = type;
    }

    /** The wire name, the value of {@code ce_type}, e.g. {@code onstage.talk.upcoming}. */
    public String type() {
        return type;
    }

    /** The wire name without {@code onstage.}, e.g. {@code talk.upcoming}: the SSE event name. */
    public String shortName() {
        return type.substring(TYPE_PREFIX.length());
    }

    /** True for {@code session.*} events, whose key and subject are a session id rather than a talk id. */
    public boolean isSessionEvent() {
        return this == SESSION_STARTED || this == SESSION_ENDED;
    }

    /** Classpath resource of the JSON Schema (draft 2020-12) of this type's data. */
    public String schemaResource() {
        return CONTRACT + "schemas/" + (isSessionEvent() ? "session-event" : "talk-event") + ".schema.json";
    }

    /** Classpath resource of an example of this type's data, e.g. {@code onstage/contract/examples/talk.upcoming.json}. */
    public String exampleResource() {
        return CONTRACT + "examples/" + shortName() + ".json";
    }

    /** The record of this type's data: what {@link EventJson#read} makes of it. */
    public Class<? extends EventData> dataClass() {
        return switch (this) {
            case TALK_UPCOMING -> TalkUpcoming.class;
            case TALK_STARTED -> TalkStarted.class;
            case TALK_ENDED -> TalkEnded.class;
            case TALK_MOVED -> TalkMoved.class;
            case TALK_CANCELLED -> TalkCancelled.class;
            case SESSION_STARTED -> SessionStarted.class;
            case SESSION_ENDED -> SessionEnded.class;
        };
    }

    /** The example data of this type, as JSON: handy for tests that need one valid event. */
    public String exampleData() {
        return ContractResources.read(exampleResource());
    }

    /** The type with this wire name ({@code ce_type}); empty for any other name, including short names. */
    public static Optional<TalkEventType> fromType(String type) {
        return Optional.ofNullable(type == null ? null : BY_TYPE.get(type));
    }

    @Override
    public String toString() {
        return type;
    }
}
