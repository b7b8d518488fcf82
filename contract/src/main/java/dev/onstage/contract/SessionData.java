package dev.onstage.contract;

/** The data of an {@code onstage.session.*} event: the session with its times, and the conference. */
public sealed interface SessionData extends EventData permits SessionStarted, SessionEnded {

    Session session();

    @Override
    default String subject() {
        return session().id();
    }
}
