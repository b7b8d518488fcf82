package dev.onstage.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;

import dev.onstage.bench.Deliveries.Transport;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One client: a WebSocket or an SSE stream with a filter on one room or a few talks. It checks every event it
 * receives against what its filter should get ({@link EventModel#expected}): each expected event exactly once,
 * nothing else. Called on its connection's event loop only.
 */
final class Subscriber {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    final int number;
    final Transport transport;
    final Set<String> rooms;
    final Set<String> talks;
    /** Subscribes the nchan way: its channels in the URL, nothing to send; else as notification-service and the peer. */
    final boolean nchan;
    private final EventModel model;
    private final int[] expected;
    private final byte[] received;
    private Deliveries deliveries;

    private int deliveredCount;
    private int duplicates;
    private int unexpected;
    private int firstDeliveries;
    private boolean subscribed;
    private volatile boolean closing;
    private volatile boolean closedByServer;
    private String failure;

    Promise<Void> ready;
    WebSocket socket;
    HttpClientRequest request;
    private byte[] pending;
    private int pendingLength;

    /** Which of the target's instances it connects to (several notification-service instances; else 0). */
    int instance;
    /** Which of the harness's source addresses it connects from (bench --source-addresses; else 0). */
    int source;
    /** The id of the last event received: a resume sends it as Last-Event-ID (SSE) or lastEventId (WebSocket). */
    private volatile String lastEventId;
    /** Wall time (epoch nanoseconds) it resumed at: events due before it and received after it came as the replay. */
    private long resumedAtNanos;
    private int replayed;
    private int resets;

    Subscriber(int number, Transport transport, Set<String> rooms, Set<String> talks, EventModel model, boolean nchan) {
        this.number = number;
        this.transport = transport;
        this.rooms = rooms;
        this.talks = talks;
        this.nchan = nchan;
        this.model = model;
        this.expected = model.expected(rooms, talks);
        this.received = new byte[expected.length];
    }

    /** Starts counting for a new run (the same connections serve one run). */
    synchronized void startRun(Deliveries deliveries) {
        this.deliveries = deliveries;
        Arrays.fill(received, (byte) 0);
        deliveredCount = 0;
        duplicates = 0;
        unexpected = 0;
        firstDeliveries = 0;
    }

    int expectedCount() {
        return expected.length;
    }

    /** The SSE request: {@code /api/reminders?room=..} or {@code ?talk=..&talk=..}; nchan: {@code /sse?c=..}. */
    String sseUri() {
        if (nchan) {
            return "/sse?c=" + nchanChannels();
        }
        String query = rooms.isEmpty()
                ? talks.stream().map(t -> "talk=" + encode(t)).collect(Collectors.joining("&"))
                : rooms.stream().map(r -> "room=" + encode(r)).collect(Collectors.joining("&"));
        return "/api/reminders?" + query;
    }

    /** The WebSocket URL's path: {@code /ws/reminders}, then a subscribe message; nchan: {@code /ws?c=..}. */
    String webSocketUri() {
        return nchan ? "/ws?c=" + nchanChannels() : "/ws/reminders";
    }

    /** nchan's multiplexed channels of this filter, as bench/peer/bridge.js names them: room/.. or talk/..,talk/... */
    String nchanChannels() {
        return rooms.isEmpty()
                ? talks.stream().map(t -> "talk/" + nchanPart(t)).collect(Collectors.joining(","))
                : rooms.stream().map(r -> "room/" + nchanPart(r)).collect(Collectors.joining(","));
    }

    /**
     * A value as part of an nchan channel id, as bench/peer/bridge.js's channelPart writes it: ASCII letters, digits,
     * '.', '_' and '-' as they are, every other UTF-8 byte as '~' and two upper-case hex digits (URL-safe, no comma).
     */
    static String nchanPart(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-') {
                out.append(c);
            } else {
                out.append('~').append(HEX.toHexDigits(b));
            }
        }
        return out.toString();
    }

    /** The WebSocket subscribe message. */
    String subscribeMessage() {
        JsonObject message = new JsonObject().put("action", "subscribe");
        if (lastEventId != null) {
            message.put("lastEventId", lastEventId);
        }
        if (rooms.isEmpty()) {
            message.put("talk", new JsonArray(talks.stream().toList()));
        } else {
            message.put("room", new JsonArray(rooms.stream().toList()));
        }
        return message.encode();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- WebSocket -----------------------------------------------------------------------------------------------

    void onWebSocketText(String text) {
        long now = now();
        String type = field(text, "\"type\":\"");
        if (type == null) {
            fail("a message without a type: " + abbreviate(text));
        } else if (type.equals("subscribed")) {
            subscribed();
        } else if (type.equals("error")) {
            fail("error message: " + abbreviate(text));
        } else if (type.equals("reset")) {
            reset(text);
        } else {
            String id = field(text, "\"id\":\"");
            if (id != null) {
                lastEventId = id;
            }
            onEvent(type, text, now);
        }
    }

    // ---- Server-Sent Events --------------------------------------------------------------------------------------

    /** A chunk of the stream: events are separated by an empty line; they may span chunks. */
    void onSseChunk(Buffer chunk) {
        long now = now();
        byte[] bytes = chunk.getBytes();
        if (pendingLength > 0) { // the rest of an event that began in an earlier chunk
            byte[] joined = Arrays.copyOf(pending, pendingLength + bytes.length);
            System.arraycopy(bytes, 0, joined, pendingLength, bytes.length);
            bytes = joined;
        }
        int start = 0;
        for (int i = Math.max(1, pendingLength); i < bytes.length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\n') {
                onSseBlock(new String(bytes, start, i - 1 - start, StandardCharsets.UTF_8), now);
                start = i + 1;
                i++;
            }
        }
        pendingLength = bytes.length - start;
        pending = pendingLength == 0 ? null : Arrays.copyOfRange(bytes, start, bytes.length);
    }

    private void onSseBlock(String block, long now) {
        String event = null;
        String id = null;
        StringBuilder data = null;
        int from = 0;
        while (from <= block.length()) {
            int newline = block.indexOf('\n', from);
            int to = newline < 0 ? block.length() : newline;
            if (to > from && block.charAt(to - 1) == '\r') {
                to--;
            }
            String line = block.substring(from, to);
            from = newline < 0 ? block.length() + 1 : newline + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == ':') {
                // notification-service and the peer: ": subscribed"; nchan greets a new subscriber with ": hi"
                String comment = line.substring(1).strip();
                if (comment.equals(nchan ? "hi" : "subscribed")) {
                    subscribed();
                }
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            int valueStart = colon < 0 ? line.length() : colon + 1;
            if (valueStart < line.length() && line.charAt(valueStart) == ' ') {
                valueStart++;
            }
            String value = line.substring(valueStart);
            if (name.equals("event")) {
                event = value;
            } else if (name.equals("id")) {
                id = value;
            } else if (name.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        if ("reset".equals(event)) {
            reset(data == null ? "" : data.toString());
        } else if (data != null) {
            if (id != null && !nchan) {
                lastEventId = id;
            }
            onEvent(event == null ? "message" : event, data.toString(), now);
        }
    }

    // ---- Both ----------------------------------------------------------------------------------------------------

    private synchronized void onEvent(String type, String json, long receiptNanos) {
        deliveredCount++;
        String subject;
        String dueAt;
        if (type.startsWith("talk.")) {
            subject = field(json, "\"talk\":{\"id\":\"");
            dueAt = field(json, "\"dueAt\":\"");
            if (subject == null) { // not the compact layout the services write: read it properly
                JsonObject parsed = new JsonObject(json);
                subject = parsed.getJsonObject("talk", new JsonObject()).getString("id");
                dueAt = parsed.getString("dueAt");
            }
        } else {
            JsonObject parsed = new JsonObject(json);
            subject = parsed.getJsonObject("session", new JsonObject()).getString("room");
            dueAt = parsed.getString("dueAt");
        }
        int index = model.index(type, subject, dueAt);
        int position = index < 0 ? -1 : Arrays.binarySearch(expected, index);
        if (position < 0) {
            unexpected++;
            return;
        }
        if (received[position] != 0) {
            duplicates++;
            return;
        }
        received[position] = 1;
        firstDeliveries++;
        if (resumedAtNanos != 0 && deliveries != null && deliveries.dueWallNanos(index) < resumedAtNanos) {
            replayed++;
        }
        if (deliveries != null) {
            deliveries.recorder().record(transport, index, number, receiptNanos);
            deliveries.firstDeliveries.incrementAndGet();
        }
    }

    private long now() {
        Deliveries d = deliveries;
        return d == null ? 0 : d.wallNanos();
    }

    /** The WebSocket is open: for nchan, that is the subscription (it has no answer to wait for). */
    void webSocketOpened() {
        if (nchan) {
            subscribed();
        }
    }

    private void subscribed() {
        subscribed = true;
        if (ready != null) {
            ready.tryComplete();
        }
    }

    /** As {@link #fail(String)}, unless {@code connection} is one this subscriber has left (to resume elsewhere). */
    void fail(Object connection, String why) {
        if (connection == socket && !closing) {
            fail(why);
        }
    }

    void fail(String why) {
        synchronized (this) {
            if (failure == null) {
                failure = why;
            }
        }
        if (ready != null) {
            ready.tryFail(why);
        }
    }

    /** The server said the last id is not in its history: what follows is not exactly the rest. */
    private synchronized void reset(String data) {
        resets++;
        if (failure == null) {
            failure = "reset: " + abbreviate(data);
        }
    }

    /**
     * The connection ended: by us at the end of a run (or to resume), else by the server (a slow client is dropped).
     * {@code connection} is the WebSocket or request that ended: the end of one replaced by a resume is ignored.
     */
    void ended(Object connection) {
        if (connection != socket && connection != request) {
            return;
        }
        if (!closing) {
            closedByServer = true;
        }
        if (ready != null) {
            ready.tryFail("closed before subscribed");
        }
    }

    void close() {
        closing = true;
        if (socket != null && !socket.isClosed()) {
            socket.close();
        }
        if (request != null) {
            request.reset();
        }
    }

    /**
     * Closes the connection to resume later with the last id received; answers false (and does nothing) when there is
     * no id to resume from.
     */
    boolean leaveToResume() {
        if (lastEventId == null || !subscribed) {
            return false;
        }
        close();
        return true;
    }

    /** Before connecting again after {@link #leaveToResume()}: on {@code instance}, from wall time {@code now}. */
    synchronized void resuming(int instance, long nowNanos) {
        this.instance = instance;
        resumedAtNanos = nowNanos;
        subscribed = false;
        closing = false;
        socket = null;
        request = null;
        pending = null;
        pendingLength = 0;
    }

    String lastEventId() {
        return lastEventId;
    }

    synchronized int replayed() {
        return replayed;
    }

    synchronized int resets() {
        return resets;
    }

    boolean isSubscribed() {
        return subscribed;
    }

    boolean closedByServer() {
        return closedByServer;
    }

    /** Counts at the end of a run. */
    synchronized Check check() {
        return new Check(expected.length, firstDeliveries, expected.length - firstDeliveries, duplicates, unexpected,
                deliveredCount, failure);
    }

    record Check(int expected, int received, int missing, int duplicates, int unexpected, int delivered,
            String failure) {
    }

    /** The string value after {@code prefix}, up to the next quote; null when absent. */
    static String field(String json, String prefix) {
        int at = json.indexOf(prefix);
        if (at < 0) {
            return null;
        }
        int from = at + prefix.length();
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
