package dev.onstage.stack;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.onstage.local.testing.SseClient;
import dev.onstage.local.testing.WsClient;

/**
 * An attendee's SSE client and WebSocket client reading every talk event, as the web page does: when a stream ends
 * (the service restarted, or dropped the client) it is opened again with the last id received, so that the ids of all
 * the streams together must be every event once.
 */
final class ResumingReaders implements AutoCloseable {

    private final URI sseUri;
    private final URI wsUri;
    private final List<SseClient> sse = new CopyOnWriteArrayList<>();
    private final List<WsClient> ws = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean reading = true;

    /** Opens both streams and waits until both are subscribed. */
    ResumingReaders(String base) throws Exception {
        sseUri = URI.create(base + "/api/reminders");
        wsUri = URI.create(base.replace("http", "ws") + "/ws/reminders");
        sse.add(new SseClient(sseUri, null).awaitSubscribed());
        ws.add(new WsClient(wsUri).subscribe("{\"action\":\"subscribe\"}"));
        thread = new Thread(this::resume, "resuming-readers");
        thread.setDaemon(true);
        thread.start();
    }

    List<String> sseIds() {
        List<String> ids = new ArrayList<>();
        sse.forEach(client -> ids.addAll(client.ids));
        return ids;
    }

    List<String> wsIds() {
        List<String> ids = new ArrayList<>();
        ws.forEach(client -> ids.addAll(client.eventIds));
        return ids;
    }

    /** How many times each stream was opened again. */
    int sseResumes() {
        return sse.size() - 1;
    }

    int wsResumes() {
        return ws.size() - 1;
    }

    private void resume() {
        while (reading) {
            try {
                Thread.sleep(500);
                if (sse.get(sse.size() - 1).ended.isDone()) {
                    List<String> ids = sseIds();
                    sse.add(new SseClient(sseUri, ids.isEmpty() ? null : ids.get(ids.size() - 1)));
                }
                if (ws.get(ws.size() - 1).closed.isDone()) {
                    List<String> ids = wsIds();
                    WsClient client = new WsClient(wsUri);
                    ws.add(client);
                    client.send(ids.isEmpty() ? "{\"action\":\"subscribe\"}"
                            : "{\"action\":\"subscribe\",\"lastEventId\":\"" + ids.get(ids.size() - 1) + "\"}");
                }
            } catch (InterruptedException stopped) {
                return;
            } catch (Exception serviceAway) {
                // not answering yet (restarting): try again
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        reading = false;
        thread.interrupt();
        thread.join(10_000);
        sse.forEach(SseClient::close);
        ws.forEach(WsClient::close);
    }
}
