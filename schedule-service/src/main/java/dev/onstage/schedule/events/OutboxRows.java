package dev.onstage.schedule.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.onstage.contract.TalkEventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The outbox statements on the clock's path, each a single statement in its own implicit transaction: one round trip
 * to PostgreSQL. Through Hibernate Reactive a claim was BEGIN, the claim, the select of the claimed rows and COMMIT,
 * four round trips, each one a wake-up of this service and of PostgreSQL; on a starved machine each wake-up waits for a
 * core, and the clock fell seconds behind (docs/reliability.md, "Abuse suite").
 */
@ApplicationScoped
class OutboxRows {

    /** Claims what is due by the horizon, and in the same statement tells when the next unclaimed event is due. */
    static final String CLAIM = """
            WITH claimed AS (
                UPDATE schedule.outbox SET claimed_until = $1
                WHERE id IN (SELECT id FROM schedule.outbox
                             WHERE outcome IS NULL AND run = $2 AND due_at <= $3
                               AND (claimed_until IS NULL OR claimed_until < $4)
                             ORDER BY due_at, id LIMIT $5 FOR UPDATE SKIP LOCKED)
                RETURNING id, run, type, subject, due_at, lead_minutes, change_id)
            SELECT id, run, type, subject, due_at, lead_minutes, change_id, NULL::timestamptz AS next_due FROM claimed
            UNION ALL
            SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, min(due_at) FROM schedule.outbox
            WHERE outcome IS NULL AND run = $2 AND due_at > $3 AND (claimed_until IS NULL OR claimed_until < $4)""";

    /** Records what became of each event, all outcomes at once. */
    static final String MARK = """
            UPDATE schedule.outbox o SET outcome = m.outcome, late = m.late, sent_at = $1, claimed_until = NULL
            FROM unnest($2::text[], $3::text[], $4::boolean[]) AS m(id, outcome, late)
            WHERE o.id = m.id""";

    /** Lets the next attempt take them at once, in order, rather than after the lease. */
    static final String RELEASE = """
            UPDATE schedule.outbox SET claimed_until = NULL WHERE id = ANY($1::text[]) AND outcome IS NULL""";

    /**
     * @param events  claimed, in due order
     * @param nextDue when the first event after the horizon that nobody has claimed is due (programme time), null if
     *                none
     */
    record Claim(List<OutboxEvent> events, Instant nextDue) {
    }

    /** What became of one event. */
    record Outcome(String id, OutboxEvent.Outcome outcome, boolean late) {
    }

    @Inject
    Pool pool;

    /**
     * @param horizon  programme time: claims what is due by then
     * @param wallNow  a lease that ended before this is over
     * @param leaseEnd the lease of the claimed events
     */
    Uni<Claim> claim(int run, Instant horizon, Instant wallNow, Instant leaseEnd, int batch) {
        Tuple parameters = Tuple.tuple().addOffsetDateTime(utc(leaseEnd)).addInteger(run)
                .addOffsetDateTime(utc(horizon)).addOffsetDateTime(utc(wallNow)).addInteger(batch);
        return pool.preparedQuery(CLAIM).execute(parameters)
                .map(rows -> {
                    List<OutboxEvent> events = new ArrayList<>();
                    Instant nextDue = null;
                    for (Row row : rows) {
                        if (row.getString("id") == null) {
                            OffsetDateTime next = row.getOffsetDateTime("next_due");
                            nextDue = next == null ? null : next.toInstant();
                        } else {
                            events.add(event(row));
                        }
                    }
                    events.sort(Comparator.comparing((OutboxEvent e) -> e.dueAt).thenComparing(e -> e.id));
                    return new Claim(events, nextDue);
                });
    }

    Uni<Void> mark(List<Outcome> outcomes, Instant sentAt) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(MARK).execute(Tuple.tuple().addOffsetDateTime(utc(sentAt))
                .addArrayOfString(outcomes.stream().map(Outcome::id).toArray(String[]::new))
                .addArrayOfString(outcomes.stream().map(o -> o.outcome().name()).toArray(String[]::new))
                .addArrayOfBoolean(outcomes.stream().map(Outcome::late).toArray(Boolean[]::new))).replaceWithVoid();
    }

    Uni<Void> release(List<OutboxEvent> events) {
        return pool.preparedQuery(RELEASE)
                .execute(Tuple.tuple().addArrayOfString(events.stream().map(e -> e.id).toArray(String[]::new)))
                .replaceWithVoid();
    }

    private static OutboxEvent event(Row row) {
        OutboxEvent event = new OutboxEvent();
        event.id = row.getString("id");
        event.run = row.getInteger("run");
        event.type = new TalkEventTypeColumn().convertToEntityAttribute(row.getString("type"));
        event.subject = row.getString("subject");
        event.dueAt = row.getOffsetDateTime("due_at").toInstant();
        event.leadMinutes = row.getInteger("lead_minutes");
        event.changeId = row.getLong("change_id");
        return event;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
