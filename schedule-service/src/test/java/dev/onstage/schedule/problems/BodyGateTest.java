package dev.onstage.schedule.problems;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.onstage.local.testing.RawHttp;
import dev.onstage.local.testing.RawHttp.Answer;
import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Issue 15, item 1: anonymous chunked bodies of many MB to a GET-only path (and to the import without credentials)
 * filled the heap. Now each is answered at once, unread, and the service stays healthy.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class BodyGateTest {

    private static final String ORGANIZER = "Basic " + Base64.getEncoder()
            .encodeToString("admin:test-organizer-password".getBytes(StandardCharsets.UTF_8));
    private static Answer oneChunkThenWait(String method, String path, String... headers) throws IOException {
        return RawHttp.oneChunkThenWait(RestAssured.port, method, path, headers);
    }

    private static Answer blast(String method, String path, int pieces, String... headers) throws Exception {
        return RawHttp.blast(RestAssured.port, method, path, pieces, headers);
    }

    private static Answer join(Future<Answer> answer) {
        try {
            return answer.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(Answer answer, int status) {
        assertTrue(answer.isRefusal(status), answer::toString);
    }

    @Test
    void aBodyToARouteThatTakesNoneIsRefusedUnread() throws Exception {
        assertRefused(oneChunkThenWait("GET", "/api/now"), 413);
        assertRefused(oneChunkThenWait("GET", "/q/health/ready"), 413);
        assertRefused(oneChunkThenWait("POST", "/api/talks/x/started", "Authorization: " + ORGANIZER), 413);
        assertRefused(oneChunkThenWait("POST", "/api/now"), 413);
        assertRefused(oneChunkThenWait("DELETE", "/api/programme", "Authorization: " + ORGANIZER), 413);
        // Declared with a Content-Length: refused as well, before reading it.
        given().contentType("application/json").body("{}").when().get("/api/now")
                .then().statusCode(413).contentType("application/problem+json").header("Connection", "close");
        // Without a body, as always.
        given().when().get("/api/now").then().statusCode(200);
        given().when().post("/api/talks/x/started").then().statusCode(401);
    }

    @Test
    void aBodyWithoutCredentialsIsRefusedUnread() throws Exception {
        for (String path : List.of("/api/programme", "/api/talks/x", "/api/clock")) {
            String method = path.equals("/api/programme") ? "POST" : path.equals("/api/clock") ? "PUT" : "PATCH";
            Answer anonymous = oneChunkThenWait(method, path);
            assertRefused(anonymous, 401);
            assertTrue(anonymous.head().contains("WWW-Authenticate: Basic"), anonymous.head());
            assertRefused(oneChunkThenWait(method, path, "Authorization: Basic YWRtaW46Z3Vlc3M="), 401); // admin:guess
            assertRefused(oneChunkThenWait(method, path, "Authorization: Basic " + Base64.getEncoder()
                    .encodeToString("volunteer:test-volunteer-password".getBytes(StandardCharsets.UTF_8))), 403);
        }
    }

    @Test
    void anEditBodyOverItsLimitIsRefusedWhileItArrives() throws Exception {
        // PATCH and PUT take 64 KB at most: the second chunk goes over, and the answer comes while the client sends.
        Answer answer = blast("PATCH", "/api/talks/x", 64, "Authorization: " + ORGANIZER);
        assertRefused(answer, 413);
        assertTrue(answer.sentWhenAnswered() < 64L * RawHttp.PIECE, "answered after " + answer.sentWhenAnswered() + " bytes");
    }

    /**
     * The attack of issue 15 in small: 24 clients at once, each sending 8 MB chunked at 3 MB/s, half to
     * GET /api/now, half to the import without credentials. Each is answered within seconds while it is still
     * sending, the heap does not grow by what they send (192 MB in all), and the service is ready afterwards.
     */
    @Test
    void manyLargeAnonymousBodiesAtOnceAreAnsweredQuicklyAndTheServiceStaysReady() throws Exception {
        int clients = 24;
        int pieces = 128; // 8 MB each
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(before);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> answers = new ArrayList<>();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int i = 0; i < clients; i++) {
                boolean now = i % 2 == 0;
                answers.add(pool.submit(() -> {
                    go.await();
                    return now ? blast("GET", "/api/now", pieces) : blast("POST", "/api/programme", pieces);
                }));
            }
            go.countDown();
            for (int i = 0; i < clients; i++) {
                Answer answer = answers.get(i).get(30, TimeUnit.SECONDS);
                assertRefused(answer, i % 2 == 0 ? 413 : 401);
                assertTrue(answer.millis() < 5_000, "answered after " + answer.millis() + " ms");
                assertTrue(answer.sentWhenAnswered() < (long) pieces * RawHttp.PIECE,
                        "the client had sent all of its body before the answer came");
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        sampling.set(false);
        sampler.join();
        long grew = (peak.get() - before) / (1024 * 1024);
        long sentBeforeAnswers = answers.stream().mapToLong(f -> join(f).sentWhenAnswered()).sum();
        System.out.printf("BodyGateTest: %d clients x %d MB chunked; all refused in %d ms (slowest %d ms); "
                + "%d KB sent before the answers in all; heap %d MB before, peak +%d MB%n", clients,
                pieces * RawHttp.PIECE / (1024 * 1024), elapsed,
                answers.stream().mapToLong(f -> join(f).millis()).max().orElse(0), sentBeforeAnswers / 1024,
                before / (1024 * 1024), grew);
        // Buffering the bodies would take 24 x 8 MB (and more while buffers grow); the clients' own garbage is small.
        assertTrue(grew < 96, "heap grew by " + grew + " MB");
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/api/now").then().statusCode(200);
    }
}
