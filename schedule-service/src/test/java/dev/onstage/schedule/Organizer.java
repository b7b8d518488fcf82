package dev.onstage.schedule;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Requests as the organizer configured for tests (%test profile). */
public final class Organizer {

    private Organizer() {
    }

    public static RequestSpecification organizer() {
        return given().auth().preemptive().basic("admin", "test-organizer-password");
    }
}
