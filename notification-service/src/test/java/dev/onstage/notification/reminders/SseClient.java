package dev.onstage.notification.reminders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads a raw SSE stream over HTTP/1.1: every line, and the events parsed from them. */
final class SseClient implements AutoCloseable {

    /** One event; {@code id} is null when the event had no id line. */
    record Event(String id, String name, String data) {
    }

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CountDownLatch firstComment = new CountDownLatch(1);
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final Thread reader;

    SseClient(URI uri, String lastEventId) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        // The status line may only come with the first bytes of the stream: read it in the background.
        response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        reader = new Thread(() -> {
            try {
                response.get().body().forEach(line -> {
                    lines.add(line);
                    if (line.startsWith(":")) {
                        firstComment.countDown();
                    }
                });
            } catch (Exception e) {
                // closed
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Waits for the first comment (the heartbeat, every second in tests): the stream is then subscribed to the hub,
     * so events produced from now on reach it.
     */
    SseClient awaitSubscribed() throws InterruptedException {
        if (!firstComment.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("No heartbeat within 10 s");
        }
        return this;
    }

    /** The next raw line, or null when none came within the timeout. */
    String nextLine(Duration timeout) throws InterruptedException {
        return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The events up to and including the one with {@code lastId}; comments (heartbeats) are skipped. */
    List<Event> eventsUntil(String lastId, Duration timeout) throws InterruptedException {
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
