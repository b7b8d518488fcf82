package dev.onstage.schedule.programme;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Writes to the real PostgreSQL through Hibernate Reactive and reads it back over HTTP. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class ConferenceResourceTest {

    @Test
    void storedConferenceIsListed() throws Throwable {
        Conference conference = new Conference();
        conference.id = "test-conf";
        conference.name = "Test Conference";
        conference.timeZone = "Europe/Berlin";
        // Hibernate Reactive needs a Vert.x context; the test thread has none.
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(conference::persist));

        given().when().get("/api/conferences")
                .then().statusCode(200)
                .body("id", hasItem("test-conf"))
                .body("find { it.id == 'test-conf' }.timeZone", org.hamcrest.Matchers.is("Europe/Berlin"));
    }
}
