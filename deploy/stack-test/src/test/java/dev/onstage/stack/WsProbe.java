package dev.onstage.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket client of /ws/reminders that keeps what the server sends: every text message in a queue, and the ids of
 * the events among them in order; a close from the server shows up as a {@link Closed} in the queue.
 */
final class WsProbe implements WebSocket.Listener, AutoCloseable {

    /** The server closed the connection with this code. */
    record Closed(int code, String reason) {
    }

    private static final Pattern EVENT_ID = Pattern.compile("^\\{\"id\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    final List<String> eventIds = new CopyOnWriteArrayList<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    WsProbe(URI uri) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, this).get(20, TimeUnit.SECONDS);
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(20, TimeUnit.SECONDS);
    }

    void sendBinary(byte[] data) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(data), true).get(20, TimeUnit.SECONDS);
    }

    /** The next message (a String or a {@link Closed}), or null after the timeout. */
    Object next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next message that is not an event (events may arrive at any time on a subscribed connection). */
    Object nextControl(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Object message = received.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null || !(message instanceof String text) || !EVENT_ID.matcher(text).find()) {
                return message;
            }
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
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        received.add("(binary)");
        webSocket.request(1);
        return null;
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
        socket.abort();
    }
}
