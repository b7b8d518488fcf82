package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.onstage.local.LocalPostgres;
import dev.onstage.local.testing.WebPushTesting;

/**
 * Exactly one Web Push per device and event across two notification-service instances and a {@code kill -9}: the
 * instance that claimed a push is killed while the push service has not yet answered it; the other instance takes the
 * claim over when its lease ends and the device gets the push once; the killed instance, started again, reads the topic
 * again and sends nothing twice; a later event reaches the device once with both instances up. Real Kafka, PostgreSQL,
 * service JVMs and push service emulator (web-push-testing).
 */
class PushKillIT {

    private static final Path EXAMPLES = ServiceProcess.ROOT.resolve("contract/src/main/resources/onstage/contract/examples");

    @RegisterExtension
    final RealStack stack = new RealStack(PushKillIT.class);

    private final List<ServiceProcess> services = new ArrayList<>();
    private WebPushTesting pushService;
    private HoldingPushService holding;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theClaimOfAKilledInstanceIsSentOnceByTheOtherAndNotAgainAfterTheRestart() throws Exception {
        stack.createTopics("talk-events", "talk-events-dlq");
        pushService = stack.closeAfter(WebPushTesting.start());
        holding = stack.closeAfter(new HoldingPushService(pushService.baseUrl()));

        ServiceProcess first = start("notification-1");
        ServiceProcess second = start("notification-2");
        first.awaitReady();
        second.awaitReady();
        String n1 = "http://127.0.0.1:" + first.port;
        String n2 = "http://127.0.0.1:" + second.port;
        // Both instances push with the same VAPID key (generated once, kept in PostgreSQL).
        String key = Http.JSON.readTree(Http.get(n1 + "/api/push/public-key").body()).path("publicKey").asText();
        assertEquals(key, Http.JSON.readTree(Http.get(n2 + "/api/push/public-key").body()).path("publicKey").asText());

        JsonNode attendee = Http.JSON.readTree(Http.send("POST", n1 + "/api/attendees", null).body());
        String id = attendee.path("id").asText();
        String bearer = "Bearer " + attendee.path("token").asText();
        String talk = "push-kill-" + UUID.randomUUID();
        assertEquals(201, Http.send("PUT", n2 + "/api/attendees/" + id + "/favourites/" + talk,
                "{\"leadMinutes\":10}".getBytes(StandardCharsets.UTF_8), "Authorization", bearer,
                "Content-Type", "application/json").status());
        JsonNode subscription = Http.JSON.readTree(pushService.subscribe(key)).path("data");
        String clientHash = subscription.path("clientHash").asText();
        ObjectNode device = ((ObjectNode) subscription.deepCopy()).put("endpoint",
                holding.endpointFor(subscription.path("endpoint").asText()));
        device.remove("clientHash");
        assertEquals(201, Http.send("PUT", n1 + "/api/attendees/" + id + "/push-subscriptions",
                device.toString().getBytes(StandardCharsets.UTF_8), "Authorization", bearer,
                "Content-Type", "application/json").status());

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                stack.kafka().bootstrapServers(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
            String upcoming = send(producer, "talk.upcoming", talk);

            // One instance claims it and sends; the push service holds the request unanswered. Kill that instance.
            await().atMost(Duration.ofSeconds(30)).until(() -> holding.held.get() == 1);
            String owner = leaseOwner(upcoming);
            long pid = Long.parseLong(owner.split("/")[1]);
            ServiceProcess claimer = services.stream().filter(s -> s.process.pid() == pid).findFirst().orElseThrow(
                    () -> new AssertionError("no instance has pid " + pid + " (lease owner " + owner + ")"));
            claimer.kill();
            holding.release();

            // The other instance takes the claim over once its lease (4 s) ends: the device gets the push once.
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(clientHash).size() == 1);
            assertEquals(upcoming, messages(clientHash).get(0).path("id").asText());
            assertTrue(!leaseOwnerOrState(upcoming).contains(String.valueOf(pid)));

            // The killed instance comes back and reads the whole topic again: nothing is sent twice.
            ServiceProcess restarted = start(claimer.name + "-restarted").awaitReady();
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                    .until(() -> messages(clientHash).size() == 1);

            // With both instances up, a later event reaches the device once.
            String cancelled = send(producer, "talk.cancelled", talk);
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(clientHash).size() == 2);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                    .until(() -> messages(clientHash).size() == 2);
            assertEquals(cancelled, messages(clientHash).get(1).path("id").asText());
            assertTrue(restarted.process.isAlive());
        }
        try (Connection db = db(); ResultSet rows = db.createStatement().executeQuery(
                "SELECT state, count(*) FROM notification.push_delivery GROUP BY state")) {
            assertTrue(rows.next());
            assertEquals("sent", rows.getString(1));
            assertEquals(2, rows.getInt(2));
        }
    }

    private ServiceProcess start(String name) throws IOException {
        ServiceProcess service = stack.start("notification-service", name, Map.of(
                        "ONSTAGE_PUSH_ALLOW_INSECURE_ENDPOINTS", "true",
                        // No schedule-service here, so no programme topic: any talk id may be a favourite.
                        "ONSTAGE_AGENDA_KNOWN_TALKS_ONLY", "false",
                        // A short lease, so that the take-over comes soon; sends give up before it ends.
                        "ONSTAGE_PUSH_LEASE", "4s",
                        "ONSTAGE_PUSH_SEND_TIMEOUT", "3s"));
        services.add(service);
        return service;
    }

    /** A talk event of the contract's example for this talk, due now (the record's timestamp); returns its id. */
    private static String send(KafkaProducer<String, String> producer, String type, String talk) throws Exception {
        ObjectNode data = (ObjectNode) Http.JSON.readTree(Files.readString(EXAMPLES.resolve(type + ".json")));
        ((ObjectNode) data.get("talk")).put("id", talk);
        String id = "push-kill/" + type + "/" + UUID.randomUUID();
        ProducerRecord<String, String> record = new ProducerRecord<>("talk-events", talk, data.toString());
        Map<String, String> headers = Map.of("ce_specversion", "1.0", "ce_id", id,
                "ce_source", "urn:onstage:schedule-service", "ce_type", "onstage." + type,
                "ce_time", data.path("dueAt").asText(), "ce_subject", talk, "content-type", "application/json");
        headers.forEach((name, value) -> record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        producer.send(record).get(30, TimeUnit.SECONDS);
        return id;
    }

    private List<JsonNode> messages(String clientHash) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode text : Http.JSON.readTree(pushService.notifications(clientHash)).at("/data/messages")) {
            out.add(Http.JSON.readTree(text.asText()));
        }
        return out;
    }

    private String leaseOwner(String eventId) throws Exception {
        try (Connection db = db(); var query = db.prepareStatement(
                "SELECT lease_owner FROM notification.push_delivery WHERE event_id = ?")) {
            query.setString(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "no delivery for " + eventId);
                return row.getString(1);
            }
        }
    }

    private String leaseOwnerOrState(String eventId) throws Exception {
        try (Connection db = db(); var query = db.prepareStatement(
                "SELECT state || ' ' || coalesce(lease_owner, '') FROM notification.push_delivery WHERE event_id = ?")) {
            query.setString(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getString(1);
            }
        }
    }

    private Connection db() throws Exception {
        return DriverManager.getConnection(stack.postgres().jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
    }

    /**
     * A push service that holds the first request unanswered (the instance that sent it is killed meanwhile) and never
     * passes it on; every later one goes to the emulator.
     */
    private static final class HoldingPushService implements AutoCloseable {

        private final HttpServer server;
        private final String target;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicBoolean holdNext = new AtomicBoolean(true);
        final AtomicInteger held = new AtomicInteger();

        HoldingPushService(String target) throws IOException {
            this.target = target;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/", this::handle);
            server.start();
        }

        String endpointFor(String emulatorEndpoint) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + URI.create(emulatorEndpoint).getRawPath();
        }

        void release() {
            released.countDown();
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (holdNext.compareAndSet(true, false)) {
                held.incrementAndGet();
                try {
                    released.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().getRawPath()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (String name : List.of("Content-Encoding", "Content-Type", "TTL", "Authorization", "Urgency", "Topic")) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    forward.header(name, value);
                }
            }
            int status;
            try {
                status = http.send(forward.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 502;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        }

        @Override
        public void close() {
            released.countDown();
            server.stop(0);
        }
    }
}
