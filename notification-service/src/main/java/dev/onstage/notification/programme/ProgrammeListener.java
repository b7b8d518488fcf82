package dev.onstage.notification.programme;

/** Something kept from the programme topic ({@link ProgrammeReader}): each talk's latest record, and its removal. */
public interface ProgrammeListener {

    /** The talk's current state, as schedule-service published it (not yet checked against the contract). */
    void published(String talkId, String json);

    /** The talk is no longer in the programme (a tombstone). */
    void removed(String talkId);
}
