package dev.onstage.notification.agenda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** Creates an attendee over HTTP and reads the stored row back from the real PostgreSQL. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class AttendeeResourceTest {

    @Inject
    Pool pool;

    @Test
    void createdAttendeeIsStoredWithTheHashOfItsTokenOnly() throws Throwable {
        var created = given().when().post("/api/attendees")
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("token", notNullValue())
                .extract().jsonPath();
        UUID id = UUID.fromString(created.getString("id"));
        String token = created.getString("token");

        // Hibernate Reactive needs a Vert.x context; the test thread has none.
        Attendee stored = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Attendee.findById(id)));
        assertNotNull(stored);
        // One device, one token: only its hash is stored.
        List<String> hashes = new ArrayList<>();
        pool.preparedQuery("SELECT token_hash FROM notification.attendee_token WHERE attendee_id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> hashes.add(row.getString("token_hash")));
        assertEquals(List.of(AttendeeTokens.hash(token)), hashes);
        assertNotEquals(token, hashes.get(0));
    }
}
