package dev.onstage.notification.agenda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.hamcrest.Matchers.notNullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Creates an attendee over HTTP and reads the stored row back from the real PostgreSQL. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class AttendeeResourceTest {

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
        assertEquals(AttendeeTokens.hash(token), stored.tokenHash);
        assertNotEquals(token, stored.tokenHash);
    }
}
