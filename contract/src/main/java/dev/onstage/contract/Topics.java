package dev.onstage.contract;

/** The Kafka topics of the public interface. */
public final class Topics {

    /** Talk and session events as CloudEvents in Kafka binary mode; key = talk id (session id for session events). */
    public static final String TALK_EVENTS = "talk-events";
    /** Compacted: key = talk id, value = the talk's current state, a tombstone once the talk is removed. */
    public static final String PROGRAMME = "programme";
    /** Records of {@value #TALK_EVENTS} that a consumer could not process, with SmallRye's dead-letter headers. */
    public static final String DEAD_LETTERS = "talk-events-dlq";

    private Topics() {
    }
}
