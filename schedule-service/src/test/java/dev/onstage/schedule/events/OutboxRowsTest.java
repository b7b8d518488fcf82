package dev.onstage.schedule.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.onstage.contract.TalkEventType;
import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The clock's outbox statements against the real PostgreSQL: one claim takes what is due by the horizon, in due order,
 * and tells when the next event is due; leased events are not claimed again; one mark records every outcome; a release
 * makes events claimable at once. Rows of a run of their own, which the running clock never claims.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class OutboxRowsTest {

    private static final Instant T = Instant.parse("2022-07-21T14:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    OutboxRows rows;

    @Inject
    Pool pool;

    private final int run = 1_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);

    @AfterEach
    void removeRows() {
        pool.preparedQuery("DELETE FROM schedule.outbox WHERE run = $1").execute(Tuple.of(run)).await().atMost(WAIT);
    }

    @Test
    void oneStatementClaimsWhatIsDueInOrderAndTellsWhenTheNextIsDue() {
        insert("b", T.plusSeconds(60));
        insert("a", T.plusSeconds(60));
        insert("c", T);
        insert("later", T.plusSeconds(600));
        Instant wall = Instant.now();

        OutboxRows.Claim claim = await(rows.claim(run, T.plusSeconds(60), wall, wall.plusSeconds(10), 200));
        assertEquals(List.of(id("c"), id("a"), id("b")), claim.events().stream().map(e -> e.id).toList(),
                "due by the horizon, in due order, then id order");
        OutboxEvent c = claim.events().get(0);
        assertEquals(TalkEventType.TALK_UPCOMING, c.type);
        assertEquals("talk-c", c.subject);
        assertEquals(T, c.dueAt);
        assertEquals(T.plusSeconds(600), claim.nextDue(), "the first event after the horizon");

        assertEquals(List.of(), await(rows.claim(run, T.plusSeconds(60), wall, wall.plusSeconds(10), 200)).events(),
                "leased: not claimed again");

        await(rows.mark(List.of(new OutboxRows.Outcome(id("c"), OutboxEvent.Outcome.sent, true),
                new OutboxRows.Outcome(id("a"), OutboxEvent.Outcome.stale, false)), wall));
        Row sent = row("c");
        assertEquals("sent", sent.getString("outcome"));
        assertEquals(true, sent.getBoolean("late"));
        assertNotNull(sent.getOffsetDateTime("sent_at"));
        assertNull(sent.getOffsetDateTime("claimed_until"));
        assertEquals("stale", row("a").getString("outcome"));

        await(rows.release(List.of(claim.events().get(2))));
        OutboxRows.Claim again = await(rows.claim(run, T.plusSeconds(60), wall, wall.plusSeconds(10), 200));
        assertEquals(List.of(id("b")), again.events().stream().map(e -> e.id).toList(), "released: claimable at once");
        assertEquals(T.plusSeconds(600), again.nextDue());
    }

    @Test
    void withNothingAfterTheHorizonThereIsNoNextDue() {
        insert("only", T);
        Instant wall = Instant.now();
        OutboxRows.Claim claim = await(rows.claim(run, T, wall, wall.plusSeconds(10), 200));
        assertEquals(List.of(id("only")), claim.events().stream().map(e -> e.id).toList());
        assertNull(claim.nextDue());
    }

    private String id(String name) {
        return run + "/test/" + name;
    }

    private void insert(String name, Instant dueAt) {
        pool.preparedQuery("INSERT INTO schedule.outbox (id, run, type, subject, due_at) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(id(name), run, TalkEventType.TALK_UPCOMING.type(), "talk-" + name,
                        dueAt.atOffset(ZoneOffset.UTC)))
                .await().atMost(WAIT);
    }

    private Row row(String name) {
        return pool.preparedQuery("SELECT * FROM schedule.outbox WHERE id = $1").execute(Tuple.of(id(name)))
                .await().atMost(WAIT).iterator().next();
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }
}
