package dev.onstage.notification.calendar;

import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The iCalendar SEQUENCE of talks, kept in PostgreSQL ({@code notification.calendar_talk}) so that it never goes
 * backwards, across restarts and instances: a talk shown with another start, end, room or status than the last time any
 * feed showed it gets the next number. Only a newer state of the talk (its programme record's {@code updatedAt}) counts,
 * so an instance that has not yet read the latest record does not count the older one as a change back.
 */
@ApplicationScoped
class TalkSequences {

    private final Pool pool;

    TalkSequences(Pool pool) {
        this.pool = pool;
    }

    /** Records these talks as shown and answers each one's SEQUENCE (talk id to number). */
    Uni<Map<String, Integer>> shown(Collection<FeedTalk> talks) {
        if (talks.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // In id order, so that two feeds updating the same talks at once lock them in the same order.
        List<FeedTalk> sorted = talks.stream().sorted(Comparator.comparing(FeedTalk::id)).toList();
        return pool.preparedQuery("""
                WITH shown AS (
                    SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS s(talk_id, fingerprint, updated_at)
                ), newer AS (
                    INSERT INTO notification.calendar_talk AS t (talk_id, fingerprint, updated_at)
                    SELECT s.talk_id, s.fingerprint, s.updated_at FROM shown s
                     WHERE NOT EXISTS (SELECT 1 FROM notification.calendar_talk c
                                        WHERE c.talk_id = s.talk_id AND c.updated_at >= s.updated_at)
                     ORDER BY s.talk_id
                    ON CONFLICT (talk_id) DO UPDATE
                       SET sequence = t.sequence + CASE WHEN t.fingerprint = excluded.fingerprint THEN 0 ELSE 1 END,
                           fingerprint = excluded.fingerprint, updated_at = excluded.updated_at
                     WHERE t.updated_at < excluded.updated_at
                    RETURNING t.talk_id, t.sequence)
                SELECT talk_id, sequence FROM newer
                UNION ALL
                SELECT talk_id, sequence FROM notification.calendar_talk
                 WHERE talk_id = ANY($1) AND talk_id NOT IN (SELECT talk_id FROM newer)""")
                .execute(Tuple.of(
                        sorted.stream().map(FeedTalk::id).toArray(String[]::new),
                        sorted.stream().map(FeedTalk::fingerprint).toArray(String[]::new),
                        sorted.stream().map(t -> t.updatedAt().atOffset(ZoneOffset.UTC))
                                .toArray(java.time.OffsetDateTime[]::new)))
                .map(rows -> {
                    Map<String, Integer> sequences = new HashMap<>();
                    rows.forEach(row -> sequences.put(row.getString("talk_id"), row.getInteger("sequence")));
                    return sequences;
                });
    }
}
