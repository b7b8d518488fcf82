package dev.onstage.notification.reminders;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.onstage.contract.TalkEventType;
import dev.onstage.local.testing.RealKafkaAndPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/**
 * Resume under concurrency: 2,000 clients (half SSE, half WebSocket, spread over the service's event loops) connect with
 * a last id while a burst of events is being published, and each drops its connection once mid-burst and resumes with
 * the last id it got. Every client must end up with exactly the events after its first last id, in order: nothing
 * missing, nothing twice, whichever shard it landed on and whenever it registered.
 */
@QuarkusTest
@WithTestResource(RealKafkaAndPostgres.class)
class ResumeDuringBurstTest {

    private static final int CLIENTS = 2000;
    private static final int EVENTS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @TestHTTPResource("/api/reminders")
    URL reminders;

    @Inject
    ReminderHub hub;

    @Test
    void thousandsOfClientsResumeDuringABurstWithoutGapOrDuplicate() throws Exception {
        String talk = "burst-" + UUID.randomUUID();
        ObjectNode data = (ObjectNode) JSON.readTree(TalkEventType.TALK_STARTED.exampleData());
        ((ObjectNode) data.get("talk")).put("id", talk);
        String first = publish(talk, data);
        List<String> expected = new ArrayList<>();

        Vertx vertx = Vertx.vertx();
        try {
            HttpClient http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(CLIENTS)
                    .setDefaultHost(reminders.getHost()).setDefaultPort(reminders.getPort()));
            Random random = new Random(42);
            List<Client> clients = new CopyOnWriteArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Client client = new Client(http, talk, i % 2 == 0, 1 + random.nextInt(EVENTS - 1));
                clients.add(client);
                client.connect(first);
            }
            // The burst starts while the clients are still connecting; each resumes once during it.
            for (int i = 0; i < EVENTS; i++) {
                expected.add(publish(talk, data));
            }
            String last = expected.get(EVENTS - 1);
            await().atMost(Duration.ofSeconds(120)).until(() -> !failures.isEmpty()
                    || clients.stream().allMatch(c -> c.got(last)));
            assertEquals(List.of(), failures);
            for (Client client : clients) {
                assertEquals(expected, List.copyOf(client.ids), client + " got a gap, a duplicate or a wrong order");
                assertEquals(0, client.resets, client + " got a reset");
                assertEquals(2, client.connections, client + " resumed once");
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private String publish(String talk, ObjectNode data) {
        String id = "burst-" + UUID.randomUUID();
        hub.publish(Reminder.of(id, TalkEventType.TALK_STARTED, talk, data, data.toString(), System.currentTimeMillis()));
        return id;
    }

    /** A client that leaves after {@code leaveAfter} events and comes back with the last id it got. */
    private final class Client {

        private final HttpClient http;
        private final String talk;
        private final boolean sse;
        private final int leaveAfter;
        final ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        volatile int resets;
        volatile int connections;
        private volatile String lastId;

        Client(HttpClient http, String talk, boolean sse, int leaveAfter) {
            this.http = http;
            this.talk = talk;
            this.sse = sse;
            this.leaveAfter = leaveAfter;
        }

        boolean got(String id) {
            return id.equals(lastId);
        }

        void connect(String lastEventId) {
            connections++;
            boolean leaves = connections == 1;
            // Whatever still arrives on a connection the client has left is not read.
            boolean[] reading = { true };
            if (sse) {
                http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(reminders.getPath() + "?talk=" + talk)
                        .putHeader("Accept", "text/event-stream").putHeader("Last-Event-ID", lastEventId))
                        .compose(request -> request.send())
                        .onSuccess(response -> {
                            StringBuilder lines = new StringBuilder();
                            response.handler(chunk -> {
                                lines.append(chunk.toString());
                                int end;
                                while (reading[0] && (end = lines.indexOf("\n")) >= 0) {
                                    String line = lines.substring(0, end);
                                    lines.delete(0, end + 1);
                                    if (line.startsWith("event:reset")) {
                                        resets++;
                                    } else if (line.startsWith("id:") && received(line.substring(3), leaves)) {
                                        reading[0] = false;
                                        response.request().connection().close();
                                        connect(lastId);
                                    }
                                }
                            });
                        })
                        .onFailure(failures::add);
            } else {
                http.webSocket(new WebSocketConnectOptions().setURI("/ws/reminders")).onFailure(failures::add)
                        .onSuccess(socket -> {
                    socket.textMessageHandler(text -> {
                        if (!reading[0]) {
                            return;
                        }
                        JsonObject message = new JsonObject(text);
                        if ("reset".equals(message.getString("type"))) {
                            resets++;
                        } else if (message.containsKey("id") && received(message.getString("id"), leaves)) {
                            reading[0] = false;
                            socket.close();
                            connect(lastId);
                        }
                    });
                    socket.writeTextMessage(new JsonObject().put("action", "subscribe").put("talk", talk)
                            .put("lastEventId", lastEventId).encode());
                });
            }
        }

        /** Keeps the id; true when this connection should now leave (it then resumes from this id). */
        private boolean received(String id, boolean leaves) {
            ids.add(id);
            lastId = id;
            return leaves && ids.size() == leaveAfter;
        }

        @Override
        public String toString() {
            return (sse ? "SSE" : "WebSocket") + " client leaving after " + leaveAfter;
        }
    }
}
