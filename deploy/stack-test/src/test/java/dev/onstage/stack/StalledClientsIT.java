package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.onstage.local.testing.SseClient;
import dev.onstage.local.testing.WsClient;

/**
 * 1,000 clients that never read (500 SSE, 500 WebSocket, over raw sockets with a 4 KB receive buffer) against one
 * notification-service JVM (-Xmx256m), while talk events keep coming: each must be dropped
 * ({@code onstage_reminders_dropped_total}), the heap after a GC must stay near where it was before they came, and an
 * SSE and a WebSocket client that do read must get every event, once, in order.
 */
class StalledClientsIT {

    private static final int STALLED_SSE = 500;
    private static final int STALLED_WS = 500;
    /** Events are produced in batches until every stalled client is dropped, at most this many. */
    private static final int MAX_EVENTS = 6_000;
    /** Events kept for resuming clients (onstage.reminders.history-size, 10,000 in production). */
    private static final int HISTORY = 500;
    private static final String IDLE_TIMEOUT = "10s";
    /** Frames that may wait for a client whose socket is full before it is dropped (onstage.reminders.client-buffer). */
    private static final int CLIENT_BUFFER = 256;
    /**
     * Events produced at a time: more than the client buffer, so that a client whose socket fills during a batch is
     * over its buffer before the batch is through. With smaller batches a loaded machine could take longer than the
     * idle timeout to reach the buffer (a stalled socket completes no write meanwhile), and the idle timeout closed
     * the client first: gone, but not counted as dropped (one CI run under a load of 20).
     */
    private static final int BATCH = CLIENT_BUFFER + 100;

    @RegisterExtension
    final RealStack stack = new RealStack(StalledClientsIT.class);

    private ServiceProcess notification;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void clientsThatNeverReadAreDroppedAndCostNothingLater() throws Exception {
        notification = stack.start("notification-service", "notification",
                // All clients come from 127.0.0.1: the per-address limit must let them in. A small history, full
                // before the heap is first measured, so that what grows afterwards is what the clients cost.
                Map.of("ONSTAGE_REMINDERS_MAX_CONNECTIONS_PER_ADDRESS", "5000",
                        "ONSTAGE_REMINDERS_CLIENT_BUFFER", String.valueOf(CLIENT_BUFFER),
                        "ONSTAGE_REMINDERS_HISTORY_SIZE", String.valueOf(HISTORY),
                        // The idle timeout that closes a dropped client's connection: 60 s in production, 10 s here
                        // to keep the test short, with heartbeats and pings more often than that.
                        "QUARKUS_HTTP_IDLE_TIMEOUT", IDLE_TIMEOUT, "ONSTAGE_REMINDERS_HEARTBEAT", "3s",
                        "ONSTAGE_REMINDERS_WS_PING_INTERVAL", "3s")).awaitReady();
        String base = "http://127.0.0.1:" + notification.port;

        try (SseClient sse = new SseClient(URI.create(base + "/api/reminders"), null).awaitSubscribed();
                WsClient ws = new WsClient(URI.create(base.replace("http", "ws") + "/ws/reminders"));
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                        stack.kafka().bootstrapServers(), "acks", "all", "linger.ms", 5), new StringSerializer(),
                        new StringSerializer())) {
            ws.send("{\"action\":\"subscribe\"}");
            assertEquals("{\"type\":\"subscribed\"}", ws.next(Duration.ofSeconds(10)));
            // Fill the history (and let the JVM do the work once) before the heap is first measured.
            List<String> produced = new ArrayList<>();
            produce(producer, produced, HISTORY + 100);
            await().atMost(Duration.ofSeconds(30)).until(() -> sse.ids.size() == HISTORY + 100
                    && ws.eventIds.size() == HISTORY + 100);
            long heapBefore = heapAfterGc(base);
            long rssBefore = rss();

            for (int i = 0; i < STALLED_SSE; i++) {
                stack.closeAfter(stalledSse(notification.port));
            }
            for (int i = 0; i < STALLED_WS; i++) {
                stack.closeAfter(stalledWebSocket(notification.port));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> metric(base, "onstage_reminders_clients")
                    >= STALLED_SSE + STALLED_WS + 2);

            long started = System.nanoTime();
            long maxHeap = 0;
            while (produced.size() < MAX_EVENTS && metric(base, "onstage_reminders_dropped_total")
                    < STALLED_SSE + STALLED_WS) {
                produce(producer, produced, BATCH);
                // At the pace the service delivers (the machine may be busy): the reading clients stay close behind,
                // while the stalled ones fall further behind with every batch.
                int target = produced.size() - 50;
                await().atMost(Duration.ofSeconds(60)).until(() -> sse.ids.size() >= target && ws.eventIds.size() >= target);
                maxHeap = Math.max(maxHeap, metric(base, "jvm_memory_used_bytes{area=\"heap\""));
                if (produced.size() % 1000 < BATCH) {
                    System.out.printf("stalled clients: %d events produced, dropped SSE %d, WebSocket %d; reading "
                            + "clients at %d / %d%n", produced.size(),
                            metric(base, "onstage_reminders_dropped_total{transport=\"sse\""),
                            metric(base, "onstage_reminders_dropped_total{transport=\"websocket\""), sse.ids.size(),
                            ws.eventIds.size());
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> metric(base, "onstage_reminders_dropped_total")
                    >= STALLED_SSE + STALLED_WS);
            long droppedAfter = System.nanoTime() - started;
            await().atMost(Duration.ofSeconds(60)).until(() -> sse.ids.size() >= produced.size()
                    && ws.eventIds.size() >= produced.size());
            long droppedSse = metric(base, "onstage_reminders_dropped_total{transport=\"sse\"");
            long droppedWs = metric(base, "onstage_reminders_dropped_total{transport=\"websocket\"");
            long clients = metric(base, "onstage_reminders_clients");
            long heapDropped = heapAfterGc(base);
            int connectionsAtDrop = establishedConnections(notification.port);
            // A dropped SSE client's TCP connection is closed at once; a dropped WebSocket's stays until the idle
            // timeout closes it (its close frame waits behind what it never read). Then nothing of them is left.
            long dropped = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> establishedConnections(notification.port) <= 5);
            double closedAfter = (System.nanoTime() - dropped) / 1e9;
            long heapAfter = heapAfterGc(base);
            long rssAfter = rss();

            System.out.printf("stalled clients: %d (SSE %d, WebSocket %d) that never read; %d events of about %d KB; "
                    + "all dropped after %.1f s (dropped: SSE %d, WebSocket %d; open streams left %d)%n",
                    STALLED_SSE + STALLED_WS, STALLED_SSE, STALLED_WS, produced.size(), eventBytes / 1024,
                    droppedAfter / 1e9, droppedSse, droppedWs, clients);
            System.out.printf("stalled clients, connections: %d TCP connections open when all were dropped, all closed "
                    + "(the WebSockets' by the idle timeout, %s) %.1f s later%n", connectionsAtDrop, IDLE_TIMEOUT,
                    closedAfter);
            System.out.printf("stalled clients, memory: heap after GC %d MB before, at most %d MB while they were "
                    + "connected (sampled, no GC forced), %d MB after GC once dropped, %d MB after GC once their "
                    + "connections were closed (-Xmx256m; history full at %d events throughout); RSS %d MB before, "
                    + "%d MB after%n", heapBefore >> 20, maxHeap >> 20, heapDropped >> 20, heapAfter >> 20, HISTORY,
                    rssBefore >> 20, rssAfter >> 20);
            report("stalled clients, reading SSE", produced, List.copyOf(sse.ids));
            report("stalled clients, reading WebSocket", produced, List.copyOf(ws.eventIds));

            assertEquals(STALLED_SSE, droppedSse, "every stalled SSE client dropped");
            assertEquals(STALLED_WS, droppedWs, "every stalled WebSocket client dropped");
            assertEquals(produced, List.copyOf(sse.ids), "the reading SSE client got every event once, in order");
            assertEquals(produced, List.copyOf(ws.eventIds), "the reading WebSocket client got every event once, in order");
            assertTrue(heapAfter < heapBefore + (8 << 20), "the heap is back: " + (heapBefore >> 20) + " MB before, "
                    + (heapAfter >> 20) + " MB after");
            assertEquals(200, notification.readiness());
        }
    }

    private static void report(String client, List<String> expected, List<String> got) {
        System.out.printf("%s: expected %d, received %d, lost %d, duplicated %d%n", client, expected.size(), got.size(),
                expected.stream().filter(id -> !new HashSet<>(got).contains(id)).count(),
                got.size() - got.stream().distinct().count());
    }

    // ------------------------------------------------------------------------------------------ events

    private JsonNode example;
    private int eventBytes;
    private int sequence;

    /** {@code count} valid talk.upcoming records (the contract's example, each with its own id). */
    private void produce(KafkaProducer<String, String> producer, List<String> produced, int count) throws Exception {
        if (example == null) {
            example = Http.JSON.readTree(ServiceProcess.ROOT
                    .resolve("contract/src/main/resources/onstage/contract/examples/talk.upcoming.json").toFile());
        }
        String value = Http.JSON.writeValueAsString(example);
        eventBytes = value.length();
        String talk = example.path("talk").path("id").asText();
        List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "stalled-" + (sequence++);
            List<Header> headers = List.of(header("ce_specversion", "1.0"), header("ce_id", id),
                    header("ce_source", "urn:onstage:schedule-service"), header("ce_type", "onstage.talk.upcoming"),
                    header("ce_time", example.path("dueAt").asText()), header("ce_subject", talk),
                    header("content-type", "application/json"));
            sends.add(producer.send(new ProducerRecord<>("talk-events", null, talk, value, headers)));
            produced.add(id);
        }
        for (var send : sends) {
            send.get(30, TimeUnit.SECONDS);
        }
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------ stalled clients

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096); // before connecting, so that the window is small from the start
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return socket;
    }

    /** Asks for the stream and never reads a byte of the answer. */
    private static Socket stalledSse(int port) throws IOException {
        Socket socket = connect(port);
        socket.getOutputStream().write(("GET /api/reminders HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /** Opens a WebSocket (reads the 101 answer), subscribes to everything, and never reads again. */
    private static Socket stalledWebSocket(int port) throws IOException {
        Socket socket = connect(port);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws/reminders HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13"
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed during the handshake: " + head);
            }
            head.append((char) c);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("no WebSocket: " + head);
        }
        byte[] payload = "{\"action\":\"subscribe\"}".getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81; // final text frame
        frame[1] = (byte) (0x80 | payload.length); // masked, as a client must
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        out.write(frame);
        return socket;
    }

    // ------------------------------------------------------------------------------------------ measurements

    /** The sum of the Prometheus samples whose name (with the start of their labels) begins with {@code prefix}. */
    private static long metric(String base, String prefix) throws Exception {
        double sum = 0;
        for (String line : Http.get(base + "/q/metrics").body().split("\n")) {
            if (line.startsWith(prefix) && (line.charAt(prefix.length()) == ' ' || line.charAt(prefix.length()) == '{'
                    || prefix.endsWith("\""))) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    /** The service's heap in use after a full GC (jcmd GC.run). */
    private long heapAfterGc(String base) throws Exception {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), String.valueOf(notification.process.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(gc.waitFor(30, TimeUnit.SECONDS), "jcmd GC.run");
        Thread.sleep(200);
        return metric(base, "jvm_memory_used_bytes{area=\"heap\"");
    }

    /** Established TCP connections whose local port is the service's (its side of each client connection). */
    private static int establishedConnections(int port) throws IOException {
        String local = String.format(":%04X", port);
        int count = 0;
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(file))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[1].endsWith(local) && fields[3].equals("01")) {
                    count++;
                }
            }
        }
        return count;
    }

    private long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + notification.process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }
}
