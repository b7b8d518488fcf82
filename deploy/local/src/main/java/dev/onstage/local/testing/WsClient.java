package dev.onstage.local.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A test client of the reminder WebSocket ({@code /ws/reminders}), the JDK's: it keeps what the server sends, every
 * text message in a queue and the ids of the events among them in order; a close from the server shows up as a
 * {@link Closed} in the queue and in {@link #closed}. A client made not reading reads nothing after the handshake (a
 * stalled phone, say) until {@link #startReading()}.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    /** The server closed the connection with this code (-1: the connection failed). */
    public record Closed(int code, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EVENT_ID = Pattern.compile("^\\{\"id\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Text messages (String) and the close ({@link Closed}), in arrival order. */
    public final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    /** The ids of the events received so far, in order. */
    public final List<String> eventIds = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicInteger pings = new AtomicInteger();
    private volatile boolean reading;
    private final WebSocket socket;

    /** A client that reads everything. */
    public WsClient(URI uri) throws Exception {
        this(uri, true);
    }

    /** @param reading false for a client that reads nothing after the handshake */
    public WsClient(URI uri, boolean reading) throws Exception {
        this.reading = reading;
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, this).get(20, TimeUnit.SECONDS);
    }

    public WsClient send(String text) throws Exception {
        socket.sendText(text, true).get(20, TimeUnit.SECONDS);
        return this;
    }

    public WsClient sendBinary(byte[] data) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(data), true).get(20, TimeUnit.SECONDS);
        return this;
    }

    /** Sends a subscribe message and waits for its {@code subscribed} answer. */
    public WsClient subscribe(String json) throws Exception {
        send(json);
        JsonNode answer = nextJson(Duration.ofSeconds(10));
        if (answer == null || !"subscribed".equals(answer.path("type").asText())) {
            throw new AssertionError("Expected subscribed, got " + answer);
        }
        return this;
    }

    /** The next message (a String or a {@link Closed}), or null after the timeout. */
    public Object next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next text message as JSON, or null after the timeout; fails if the server closed the connection. */
    public JsonNode nextJson(Duration timeout) throws InterruptedException {
        return json(next(timeout));
    }

    /** The next message that is not an event (events may arrive at any time on a subscribed connection). */
    public Object nextControl(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Object message = received.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null || !(message instanceof String text) || !EVENT_ID.matcher(text).find()) {
                return message;
            }
        }
    }

    /** Every message, as JSON, up to and including the one with this {@code id}. */
    public List<JsonNode> until(String id, Duration timeout) throws InterruptedException {
        List<JsonNode> got = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode message = left <= 0 ? null : json(received.poll(left, TimeUnit.NANOSECONDS));
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
    public int closeCode(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS).code();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** A stalled client starts reading again: it gets what the server had sent, then the close. */
    public void startReading() {
        reading = true;
        socket.request(1);
    }

    /** Pings received from the server so far. */
    public int pings() {
        return pings.get();
    }

    private static JsonNode json(Object message) {
        if (message == null) {
            return null;
        }
        if (message instanceof Closed close) {
            throw new AssertionError("The server closed the connection: " + close);
        }
        try {
            return JSON.readTree((String) message);
        } catch (Exception e) {
            throw new AssertionError("The server sent something that is not JSON: " + message, e);
        }
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
            String text = partial.toString();
            partial.setLength(0);
            Matcher id = EVENT_ID.matcher(text);
            if (id.find()) {
                eventIds.add(id.group(1));
            }
            received.add(text);
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        received.add("(binary)");
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        // The JDK answers with a pong by itself.
        return WebSocket.Listener.super.onPing(webSocket, message);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        Closed close = new Closed(statusCode, reason);
        received.add(close);
        closed.complete(close);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        Closed close = new Closed(-1, String.valueOf(error));
        received.add(close);
        closed.complete(close);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
