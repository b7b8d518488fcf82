package dev.onstage.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bad clients of the abuse suite, over raw sockets, each kind from its own loopback address: huge chunked bodies,
 * connections held without a request (slowloris), attendee creations, wrong organizer logins, streams with a forged
 * X-Forwarded-For. Each attack returns what its clients got ({@link Outcomes}); nothing here decides pass or fail.
 */
final class Crowd {

    /** One route of a service, with the credentials a client may have for it (null: none). */
    record Route(String service, int port, String method, String path, String authorization) {

        @Override
        public String toString() {
            return service + " " + method + " " + path;
        }
    }

    /** The bodies' figures: the answers, and how much of the bodies got onto the wire before them. */
    record Bodies(Outcomes outcomes, long bytesOffered, long bytesSent, int sentWhole, long slowestAnswerMillis) {
    }

    private static final byte[] CHUNK = chunk(64 * 1024);

    private Crowd() {
    }

    /**
     * {@code count} chunked bodies of {@code size} bytes, all at once, spread over {@code routes} in turn; each client
     * writes as fast as the server takes it while it reads the answer, and closes once it has one.
     */
    static Bodies bodies(String from, List<Route> routes, int count, long size) throws Exception {
        Outcomes outcomes = new Outcomes("16 MB chunked bodies");
        AtomicLong sent = new AtomicLong();
        AtomicInteger sentWhole = new AtomicInteger();
        AtomicLong slowest = new AtomicLong();
        List<Callable<Void>> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Route route = routes.get(i % routes.size());
            clients.add(() -> {
                long started = System.nanoTime();
                try (Socket socket = RawHttp.connect(from, route.port())) {
                    socket.setSoTimeout(60_000);
                    AtomicBoolean whole = new AtomicBoolean();
                    Thread writer = new Thread(() -> writeChunked(socket, route, size, sent, whole), "body-writer");
                    writer.setDaemon(true);
                    writer.start();
                    Http.Answer answer = RawHttp.readAnswer(socket.getInputStream());
                    slowest.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                    if (whole.get()) {
                        sentWhole.incrementAndGet();
                    }
                    String problem = Http.problem(answer);
                    outcomes.count(answer.status(), problem == null ? null : route + ": " + problem);
                } catch (IOException e) {
                    outcomes.wrong(route + ": no answer: " + e);
                }
                return null;
            });
        }
        runAll(clients, count);
        return new Bodies(outcomes, size * count, sent.get(), sentWhole.get(), slowest.get());
    }

    private static void writeChunked(Socket socket, Route route, long size, AtomicLong sent, AtomicBoolean whole) {
        try {
            OutputStream out = socket.getOutputStream();
            List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json", "Transfer-Encoding",
                    "chunked"));
            if (route.authorization() != null) {
                headers.addAll(List.of("Authorization", route.authorization()));
            }
            out.write(RawHttp.head(route.port(), route.method(), route.path(), false, headers.toArray(String[]::new)));
            byte[] size64k = (Integer.toHexString(CHUNK.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < size; written += CHUNK.length) {
                out.write(size64k);
                out.write(CHUNK);
                out.write('\r');
                out.write('\n');
                sent.addAndGet(CHUNK.length);
            }
            RawHttp.write(out, "0\r\n\r\n");
            whole.set(true);
        } catch (IOException refused) {
            // the server answered and closed, or we closed after its answer: the rest is never sent
        }
    }

    /**
     * Opens {@code count} connections to the ports in turn from the {@code sources} in turn, and holds them: every
     * other one sends nothing at all, the rest the start of a request head and then nothing more.
     */
    static List<Socket> holdConnections(List<String> sources, int[] ports, int count) throws Exception {
        List<Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> openers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            openers.add(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    int port = ports[i % ports.length];
                    Socket socket = RawHttp.connect(sources.get(i % sources.size()), port);
                    if (i % 2 == 1) {
                        RawHttp.write(socket.getOutputStream(), "GET /api/now HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                + "\r\nAccept: application/json\r\nX-Slow: ");
                    }
                    held.add(socket);
                }
                return null;
            });
        }
        runAll(openers, openers.size());
        return held;
    }

    /** {@code count} anonymous {@code POST /api/attendees} from one address, eight at a time. */
    static Outcomes createAttendees(String from, int port, int count) throws Exception {
        Outcomes outcomes = new Outcomes("attendee creations");
        repeat(count, () -> {
            Http.Answer answer = RawHttp.exchange(from, port, "POST", "/api/attendees");
            outcomes.count(answer.status(), refusal(answer, 201));
        }, outcomes);
        return outcomes;
    }

    /** {@code count} organizer actions ({@code PUT /api/clock}) with a wrong password from one address. */
    static Outcomes wrongLogins(String from, int port, int count) throws Exception {
        Outcomes outcomes = new Outcomes("wrong organizer logins");
        String wrong = Http.basic("admin", "not-the-organizer-password");
        repeat(count, () -> {
            Http.Answer answer = RawHttp.exchange(from, port, "PUT", "/api/clock", "Authorization", wrong,
                    "Content-Type", "application/json");
            outcomes.count(answer.status(), refusal(answer, 401));
        }, outcomes);
        return outcomes;
    }

    /**
     * {@code count} reminder streams from one address, each claiming another client address in X-Forwarded-For; the
     * accepted ones are held (and never read), returned in {@code held}.
     */
    static Outcomes forgedStreams(String from, int port, int count, List<Socket> held) throws Exception {
        Outcomes outcomes = new Outcomes("streams with a forged X-Forwarded-For");
        AtomicInteger forged = new AtomicInteger();
        repeat(count, () -> {
            int n = forged.incrementAndGet();
            Socket socket = RawHttp.connect(from, port);
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(RawHttp.head(port, "GET", "/api/reminders", false, "Accept",
                    "text/event-stream", "X-Forwarded-For", "198.51." + (n >> 8 & 255) + "." + (n & 255)));
            Http.Answer answer = RawHttp.readAnswer(socket.getInputStream());
            outcomes.count(answer.status(), answer.status() == 200 ? null : refusal(answer, 200));
            if (answer.status() == 200) {
                held.add(socket);
            } else {
                socket.close();
            }
        }, outcomes);
        return outcomes;
    }

    /** Null for the expected success, or a 429 problem+json with Retry-After; else what is wrong. */
    private static String refusal(Http.Answer answer, int success) {
        if (answer.status() == success) {
            return null;
        }
        String problem = Http.problem(answer, 429);
        if (problem == null && answer.header("Retry-After") == null) {
            problem = "429 without Retry-After";
        }
        return problem;
    }

    @FunctionalInterface
    private interface Request {
        void run() throws Exception;
    }

    private static void repeat(int count, Request request, Outcomes outcomes) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            workers.add(() -> {
                while (next.getAndIncrement() < count) {
                    try {
                        request.run();
                    } catch (IOException e) {
                        outcomes.wrong("no answer: " + e);
                    }
                }
                return null;
            });
        }
        runAll(workers, workers.size());
    }

    private static void runAll(List<Callable<Void>> tasks, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] chunk(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }
}
