package dev.onstage.schedule.programme;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** What another instance writes to the shared database reaches this instance's snapshot. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class ProgrammeRefreshTest {

    @Test
    void aChangeMadeElsewhereIsPickedUpWhenTheVersionMoves() throws Throwable {
        // As another instance would: rows written directly, and the version bumped in the same transaction.
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("""
                        INSERT INTO schedule.conference (id, name, time_zone) VALUES ('elsewhere', 'Elsewhere', 'UTC');
                        """).executeUpdate()
                .chain(() -> s.createNativeQuery("""
                        INSERT INTO schedule.conference_session (id, conference_id, title, room, starts_at, ends_at)
                        VALUES ('elsewhere-s', 'elsewhere', 'Elsewhere', 'Room E', '2031-01-01T10:00:00Z', '2031-01-01T11:00:00Z')
                        """).executeUpdate())
                .chain(() -> s.createNativeQuery("""
                        INSERT INTO schedule.talk (id, session_id, title, speakers, room, starts_at, ends_at)
                        VALUES ('elsewhere-t', 'elsewhere-s', 'Written Elsewhere', 'Eve', 'Room E', '2031-01-01T10:00:00Z', '2031-01-01T10:30:00Z')
                        """).executeUpdate())
                .chain(Programme::bumpVersion))));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().queryParam("conference", "elsewhere")
                .get("/api/talks").then().statusCode(200).body("", hasSize(1)));
    }
}
