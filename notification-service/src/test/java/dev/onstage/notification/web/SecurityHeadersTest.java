package dev.onstage.notification.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** Issue 15, item 10: the page and the APIs carry a Content-Security-Policy and the other security headers. */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class SecurityHeadersTest {

    private static void secured(ValidatableResponse response) {
        response.header("Content-Security-Policy", containsString("default-src 'self'"))
                // the page reads the programme from schedule-service (onstage.web.schedule-url)
                .header("Content-Security-Policy", containsString("connect-src 'self' http://localhost:8081;"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"));
    }

    @Test
    void thePageAndTheApisCarryTheHeaders() {
        secured(given().when().get("/").then().statusCode(200).contentType(containsString("text/html")));
        secured(given().when().get("/app.js").then().statusCode(200));
        secured(given().when().get("/api/web-config").then().statusCode(200));
        secured(given().when().get("/api/attendees").then().statusCode(405));
        secured(given().when().get("/nothing-here").then().statusCode(404));
        // Refused by the body gate, before any resource: the headers are there too.
        secured(given().contentType("application/json").body("{}").when().post("/api/attendees").then().statusCode(413));
        // Quarkus' tools: no policy (Swagger UI needs inline scripts), nosniff all the same.
        given().when().get("/q/health/live").then().statusCode(200)
                .header("Content-Security-Policy", nullValue()).header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void theAppManifestAndItsIconsAreServedWithTheirTypes() throws IOException {
        ValidatableResponse manifest = given().when().get("/manifest.webmanifest").then().statusCode(200)
                .contentType(equalTo("application/manifest+json"));
        secured(manifest);
        JsonPath json = JsonPath.from(manifest.extract().asString());
        assertEquals("/", json.getString("start_url"));
        assertEquals("standalone", json.getString("display"));
        assertEquals("icons/icon-192.png", json.getString("icons.find { it.sizes == '192x192' }.src"));
        assertEquals("icons/icon-512.png", json.getString("icons.find { it.sizes == '512x512' }.src"));
        for (String icon : new String[] {"/icons/icon-192.png", "/icons/icon-512.png", "/icons/icon-maskable-512.png"}) {
            given().when().get(icon).then().statusCode(200).contentType(equalTo("image/png"));
        }
        given().when().get("/sw.js").then().statusCode(200).contentType(containsString("javascript"));
        assertTrue(resource("index.html").contains("<link rel=\"manifest\" href=\"manifest.webmanifest\">"));
    }

    @Test
    void thePageHasNothingInlineThatThePolicyWouldBlock() throws IOException {
        String page = resource("index.html");
        assertFalse(Pattern.compile("(?i)<script(?![^>]*\\bsrc=)[^>]*>").matcher(page).find(), "an inline script");
        assertFalse(Pattern.compile("(?i)<style").matcher(page).find(), "an inline style sheet");
        assertFalse(Pattern.compile("(?i)\\s(style|on[a-z]+)\\s*=").matcher(page).find(), "an inline style or handler");
        assertFalse(Pattern.compile("(?i)javascript:").matcher(page).find(), "a javascript: URL");
        String script = resource("app.js");
        assertFalse(Pattern.compile("setAttribute\\(\\s*['\"](style|on[a-z]+)['\"]|\\beval\\(|new Function\\(|"
                + "style=|\\son[a-z]+=").matcher(script).find(), "app.js sets inline styles, handlers or evaluates code");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SecurityHeadersTest.class.getResourceAsStream("/META-INF/resources/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
