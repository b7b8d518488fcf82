package dev.onstage.schedule.programme.imports;

import java.util.List;
import java.util.function.Function;

/**
 * The most text a programme may hold per field, so that no talk event (the talk, its session and conference, in one
 * Kafka record) comes near Kafka's record size (1 MB by default): at most about 100 KB even in three-byte UTF-8. Each
 * limit is several times what the real programmes in the tests need (31C3, camp 2019, rC3, democon, ICML 2022; the
 * largest there in brackets), and docs/programme.md lists them.
 */
public final class TextLimits {

    /** Talk, session and conference ids (the events' contract allows 200) [36]. */
    public static final int ID = 200;
    /** A talk's title [103]. */
    public static final int TITLE = 500;
    /** A talk's abstract [2,309]. */
    public static final int ABSTRACT = 10_000;
    /** Speakers of one talk [11]. */
    public static final int SPEAKERS = 100;
    /** One speaker's name, and a session's moderator [47]. */
    public static final int NAME = 200;
    /** A room's name [42]. */
    public static final int ROOM = 200;
    /** A session's title [the room and the date, or a listing's header]. */
    public static final int SESSION_TITLE = 500;
    /** The conference's name [32]; a listing's is its session's title. */
    public static final int CONFERENCE_NAME = 500;

    private TextLimits() {
    }

    /**
     * Refuses a programme with a text over its limit, naming the field and where it is.
     *
     * @param where where a talk is in the input, by talk id
     */
    static void refuse(ImportedProgramme programme, Function<String, String> where) {
        for (ImportedSession session : programme.sessions()) {
            String at = session.talks().isEmpty() ? "input" : where.apply(session.talks().get(0).id());
            check(session.id(), ID, at, "the id of session '" + shortened(session.title()) + "'");
            check(session.title(), SESSION_TITLE, at, "the title of a session");
            check(session.room(), ROOM, at, "the room of session '" + shortened(session.title()) + "'");
            check(session.moderator(), NAME, at, "the moderator of session '" + shortened(session.title()) + "'");
            for (ImportedTalk talk : session.talks()) {
                refuse(talk, where.apply(talk.id()));
            }
        }
    }

    /**
     * Refuses a conference id or name over its limit. Checked once the import's own names are applied (a listing's id
     * is made from its session title unless the organizer names one).
     */
    public static void refuseConference(ImportedProgramme programme) {
        check(programme.conferenceId(), ID, "input", "the conference id");
        check(programme.conferenceName(), CONFERENCE_NAME, "input", "the conference's name");
    }

    private static void refuse(ImportedTalk talk, String at) {
        check(talk.id(), ID, at, "a talk's id");
        check(talk.title(), TITLE, at, "the title of talk " + talk.id());
        check(talk.abstractText(), ABSTRACT, at, "the abstract of talk " + talk.id());
        check(talk.room(), ROOM, at, "the room of talk " + talk.id());
        List<String> speakers = talk.speakers();
        if (speakers.size() > SPEAKERS) {
            throw new ProgrammeImportException(at, "talk " + talk.id() + " has " + speakers.size()
                    + " speakers; at most " + SPEAKERS);
        }
        for (String speaker : speakers) {
            check(speaker, NAME, at, "a speaker's name of talk " + talk.id());
        }
    }

    private static void check(String text, int max, String at, String what) {
        if (text != null && text.length() > max) {
            throw new ProgrammeImportException(at, what + " has " + text.length() + " characters; at most " + max);
        }
    }

    /** A title in a message: its start, so that the message stays short. */
    private static String shortened(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
