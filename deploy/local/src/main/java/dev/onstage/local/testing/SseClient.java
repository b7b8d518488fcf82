package dev.onstage.local.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A test client of the reminder stream ({@code /api/reminders}) over HTTP/1.1, reading on its own thread: it keeps every
 * raw line (for {@link #eventsUntil} and {@link #nextLine}) and the id of every event, in order. It is subscribed once
 * the server's {@code : subscribed} comment has arrived; {@link #ended} completes when the stream ends.
 */
public final class SseClient implements AutoCloseable {

    /** One event; {@code id} is null when the event had no id line. */
    public record Event(String id, String name, String data) {
    }

    /** The ids of the events read so far, in order. */
    public final List<String> ids = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    public final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final Thread reader;

    /** Opens the stream; {@code lastEventId} (sent as Last-Event-ID) may be null. */
    public SseClient(URI uri, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        // The status line may only come with the first bytes of the stream: read it in the background.
        response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (Stream<String> body = response.get().body()) {
            body.forEach(line -> {
                if (line.startsWith("id:")) {
                    ids.add(line.substring(3).strip());
                } else if (line.startsWith(":") && line.substring(1).strip().equals("subscribed")) {
                    subscribed.complete(null);
                }
                lines.add(line);
            });
        } catch (Exception closed) {
            // the server went away, or we closed the stream
        } finally {
            ended.complete(null);
        }
    }

    /** Waits until the server subscribed the stream: events produced from now on reach it. Fails on a refusal. */
    public SseClient awaitSubscribed() throws InterruptedException, ExecutionException, TimeoutException {
        int status = response.get(30, TimeUnit.SECONDS).statusCode();
        if (status != 200) {
            throw new AssertionError("The stream answered " + status + " instead of 200");
        }
        subscribed.get(30, TimeUnit.SECONDS);
        return this;
    }

    /** The next raw line, or null when none came within the timeout. */
    public String nextLine(Duration timeout) throws InterruptedException {
        return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The events up to and including the one with {@code lastId}; comments (heartbeats) are skipped. */
    public List<Event> eventsUntil(String lastId, Duration timeout) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        String id = null;
        String name = null;
        StringBuilder data = null;
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("No event " + lastId + " within " + timeout + "; got " + events.size()
                        + " events: " + events.stream().map(Event::id).toList());
            }
            if (line.isEmpty()) {
                if (data != null || id != null || name != null) {
                    Event event = new Event(id, name, data == null ? null : data.toString());
                    events.add(event);
                    if (lastId.equals(event.id())) {
                        return events;
                    }
                }
                id = null;
                name = null;
                data = null;
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> name = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> { }
                }
            }
        }
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
        reader.interrupt();
    }
}
