package dev.onstage.notification.push;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A push service that is sometimes busy or failing, in front of the real emulator: it answers the statuses planned
 * for it (429 with Retry-After, 503), then forwards to web-push-testing, and records when each request came and its
 * headers (TTL, Urgency, Topic), which the emulator does not report.
 */
final class FlakyPushService implements AutoCloseable {

    record Planned(int status, String retryAfter) {
    }

    record Request(Instant at, String path, Map<String, List<String>> headers, int answered) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private static final List<String> FORWARDED = List.of("Content-Encoding", "Content-Type", "TTL", "Authorization",
            "Urgency", "Topic");

    private final HttpServer server;
    private final String target;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final ConcurrentLinkedDeque<Planned> plan = new ConcurrentLinkedDeque<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FlakyPushService(String target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The endpoint that reaches the emulator's endpoint through this service. */
    String endpointFor(String emulatorEndpoint) {
        URI uri = URI.create(emulatorEndpoint);
        return "http://127.0.0.1:" + server.getAddress().getPort() + uri.getRawPath();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Planned planned = plan.pollFirst();
        int status;
        byte[] answer;
        if (planned != null) {
            status = planned.status();
            answer = "busy".getBytes(StandardCharsets.UTF_8);
            if (planned.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", planned.retryAfter());
            }
        } else {
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().getRawPath()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (String name : FORWARDED) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    forward.header(name, value);
                }
            }
            try {
                HttpResponse<byte[]> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                status = response.statusCode();
                answer = response.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 502;
                answer = new byte[0];
            }
        }
        requests.add(new Request(Instant.now(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), status));
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
