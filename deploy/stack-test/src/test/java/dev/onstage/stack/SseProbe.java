package dev.onstage.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An SSE client of /api/reminders that keeps the id of every event it reads, in order, on its own thread. It is
 * subscribed once the server's ": subscribed" comment has arrived; {@link #ended} completes when the stream ends.
 */
final class SseProbe implements AutoCloseable {

    final List<String> ids = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final HttpResponse<Stream<String>> response;

    /** Opens the stream; lastEventId may be null. */
    SseProbe(URI uri, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).get(30, TimeUnit.SECONDS);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("SSE stream answered " + response.statusCode());
        }
        Thread thread = new Thread(() -> {
            try {
                response.body().forEach(line -> {
                    if (line.startsWith("id:")) {
                        ids.add(line.substring(3).strip());
                    } else if (line.startsWith(":") && line.substring(1).strip().equals("subscribed")) {
                        subscribed.complete(null);
                    }
                });
            } catch (RuntimeException closed) {
                // the server went away or we closed the stream
            } finally {
                ended.complete(null);
            }
        }, "sse-probe");
        thread.setDaemon(true);
        thread.start();
    }

    SseProbe awaitSubscribed() throws Exception {
        subscribed.get(30, TimeUnit.SECONDS);
        return this;
    }

    @Override
    public void close() {
        response.body().close();
    }
}
