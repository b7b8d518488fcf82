package dev.onstage.contract;

/**
 * {@code session} in the data of talk events: the session the talk belongs to, without its times.
 *
 * @param moderator the session's chair, or null (written as null, never left out)
 */
public record SessionRef(String id, String title, String room, String moderator) {
}
