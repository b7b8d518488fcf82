package dev.onstage.schedule.problems;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Issue 15, item 10: every answer of the API carries a Content-Security-Policy and the other security headers. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class SecurityHeadersTest {

    private static void secured(ValidatableResponse response) {
        response.header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"));
    }

    @Test
    void theApiCarriesTheHeaders() {
        secured(given().when().get("/api/now").then().statusCode(200));
        secured(given().when().get("/api/clock").then().statusCode(200));
        secured(given().when().get("/api/nothing-here").then().statusCode(404));
        secured(given().when().post("/api/talks/x/started").then().statusCode(401));
        secured(given().contentType("application/json").body("{}").when().get("/api/now").then().statusCode(413));
    }
}
