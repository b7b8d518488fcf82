package dev.onstage.notification.reminders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JDK's WebSocket client: keeps every message, and the close code once the server closes. */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile boolean reading;
    private final StringBuilder partial = new StringBuilder();
    private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
    private final WebSocket socket;

    /** @param reading false for a client that reads nothing after the handshake (a stalled phone, say) */
    WsClient(URI uri, boolean reading) throws Exception {
        this.reading = reading;
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this).get(10, TimeUnit.SECONDS);
    }

    static WsClient connect(URI uri) throws Exception {
        return new WsClient(uri, true);
    }

    WsClient sendBinary(byte[] data) throws Exception {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).get(10, TimeUnit.SECONDS);
        return this;
    }

    WsClient send(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
        return this;
    }

    /** Sends a subscribe message and waits for its {@code subscribed} answer. */
    WsClient subscribe(String json) throws Exception {
        send(json);
        JsonNode answer = next(Duration.ofSeconds(10));
        if (answer == null || !"subscribed".equals(answer.path("type").asText())) {
            throw new AssertionError("Expected subscribed, got " + answer);
        }
        return this;
    }

    /** The next message, or null when none came within the timeout. */
    JsonNode next(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every message up to and including the one with this {@code id}. */
    List<JsonNode> until(String id, Duration timeout) throws InterruptedException {
        List<JsonNode> got = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode message = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("No message " + id + " within " + timeout + "; got " + got.size()
                        + " messages: " + got.stream().map(m -> m.path("id").asText(m.path("type").asText()))
                                .toList());
            }
            got.add(message);
            if (id.equals(message.path("id").asText(null))) {
                return got;
            }
        }
    }

    /** The close code the server sent; fails after the timeout. */
    int closeCode(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A stalled client starts reading again: it gets what the server had sent, then the close. */
    void startReading() {
        reading = true;
        socket.request(1);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                messages.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new AssertionError("The server sent something that is not JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
        pings.incrementAndGet();
        // The JDK answers with a pong by itself.
        return WebSocket.Listener.super.onPing(webSocket, message);
    }

    /** Pings received from the server so far. */
    int pings() {
        return pings.get();
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
