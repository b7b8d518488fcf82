package dev.onstage.contract;

/** The data of an {@code onstage.talk.*} event: the talk, its session and the conference. */
public sealed interface TalkData extends EventData
        permits TalkUpcoming, TalkStarted, TalkEnded, TalkMoved, TalkCancelled {

    Talk talk();

    SessionRef session();

    @Override
    default String subject() {
        return talk().id();
    }
}
