package dev.onstage.schedule.problems;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

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
    private static final int PIECE = 64 * 1024;

    record Answer(int status, String head, String body, long sentWhenAnswered, long millis, boolean closed) {
    }

    /**
     * Sends the head and one 64 KB chunk of a chunked body, then waits for the answer before sending more: a server
     * that read the whole body before answering would never answer.
     */
    private static Answer oneChunkThenWait(String method, String path, String... headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(head(method, path, headers).getBytes(StandardCharsets.US_ASCII));
            writeChunk(out);
            out.flush();
            Answer answer = read(socket.getInputStream(), () -> PIECE, start);
            try { // the rest of the body, after the answer: the server has closed the connection
                for (int i = 0; i < 16; i++) {
                    writeChunk(out);
                }
            } catch (IOException closed) {
                // expected
            }
            return answer;
        }
    }

    /**
     * Sends a chunked body of {@code pieces} x 64 KB at about 3 MB/s (as the {@code curl --limit-rate 3M} of the
     * issue), and reads the answer; {@link Answer#sentWhenAnswered} is how much had been sent when it came.
     */
    private static Answer blast(String method, String path, int pieces, String... headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            AtomicLong sent = new AtomicLong();
            AtomicBoolean answered = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                try {
                    out.write(head(method, path, headers).getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < pieces && !answered.get(); i++) {
                        writeChunk(out);
                        sent.addAndGet(PIECE);
                        Thread.sleep(20);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // the server answered and closed the connection: expected
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            writer.start();
            Answer answer = read(socket.getInputStream(), sent::get, start);
            answered.set(true);
            socket.close();
            writer.join(10_000);
            return answer;
        }
    }

    private static Answer join(Future<Answer> answer) {
        try {
            return answer.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String head(String method, String path, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static void writeChunk(OutputStream out) throws IOException {
        byte[] piece = new byte[PIECE];
        Arrays.fill(piece, (byte) 'a');
        out.write((Integer.toHexString(PIECE) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(piece);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** The status line, headers and body (by Content-Length); then whether the server closed the connection. */
    private static Answer read(InputStream in, java.util.function.LongSupplier sentNow, long start) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long sent = sentNow.getAsLong();
        Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        String body = length.find() ? new String(in.readNBytes(Integer.parseInt(length.group(1))),
                StandardCharsets.UTF_8) : "";
        boolean closed;
        try {
            closed = in.read() < 0;
        } catch (java.net.SocketTimeoutException open) {
            closed = false;
        } catch (IOException reset) {
            closed = true;
        }
        String status = head.length() > 12 ? head.substring(9, 12) : "0";
        return new Answer(Integer.parseInt(status), head.toString(), body, sent, millis, closed);
    }

    private static void assertRefused(Answer answer, int status) {
        assertEquals(status, answer.status(), answer.head() + answer.body());
        assertTrue(answer.head().toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"),
                answer.head());
        assertTrue(answer.head().toLowerCase(Locale.ROOT).contains("connection: close"), answer.head());
        assertTrue(answer.body().contains("\"status\":" + status), answer.body());
        assertTrue(answer.closed(), "the server closes the connection instead of reading the rest");
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
        assertTrue(answer.sentWhenAnswered() < 64L * PIECE, "answered after " + answer.sentWhenAnswered() + " bytes");
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
                assertTrue(answer.sentWhenAnswered() < (long) pieces * PIECE,
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
                pieces * PIECE / (1024 * 1024), elapsed,
                answers.stream().mapToLong(f -> join(f).millis()).max().orElse(0), sentBeforeAnswers / 1024,
                before / (1024 * 1024), grew);
        // Buffering the bodies would take 24 x 8 MB (and more while buffers grow); the clients' own garbage is small.
        assertTrue(grew < 96, "heap grew by " + grew + " MB");
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/api/now").then().statusCode(200);
    }
}
