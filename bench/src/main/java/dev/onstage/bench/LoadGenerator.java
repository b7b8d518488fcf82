package dev.onstage.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.onstage.bench.Deliveries.Transport;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.impl.VertxInternal;

/**
 * Opens and closes the subscribers' connections with Vert.x clients on a few event loops (a thread per connection
 * would not go to 10,000). Each subscriber's connection lives on one event loop, which also runs its handlers.
 */
final class LoadGenerator implements AutoCloseable {

    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(60);

    private final Vertx vertx;
    private final Context[] loops;
    /** One HTTP and one WebSocket client per source address (a subscriber's {@link Subscriber#source}). */
    private final HttpClient[] http;
    private final WebSocketClient[] webSockets;

    LoadGenerator(int threads, int maxConnections) {
        this(threads, maxConnections, List.of());
    }

    /**
     * {@code sourceAddresses}: the local addresses to connect from (bind before connect), e.g. 127.0.0.2, 127.0.0.3:
     * one address has about 28,000 ephemeral ports; empty for the system's choice.
     */
    LoadGenerator(int threads, int maxConnections, List<String> sourceAddresses) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads)
                .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        loops = new Context[threads];
        for (int i = 0; i < threads; i++) {
            // A context on the next event loop each: getOrCreateContext() would answer this thread's one sticky
            // context every time, putting every connection on a single event loop.
            loops[i] = ((VertxInternal) vertx).createEventLoopContext();
        }
        List<String> sources = sourceAddresses.isEmpty() ? java.util.Collections.singletonList(null) : sourceAddresses;
        http = new HttpClient[sources.size()];
        webSockets = new WebSocketClient[sources.size()];
        for (int i = 0; i < sources.size(); i++) {
            http[i] = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                    .setConnectTimeout(30_000).setIdleTimeout(0).setMaxInitialLineLength(8192)
                    .setLocalAddress(sources.get(i)),
                    new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1).setEventLoopSize(threads));
            webSockets[i] = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(maxConnections)
                    .setTcpNoDelay(true).setConnectTimeout(30_000).setMaxMessageSize(1 << 20)
                    .setTryUsePerMessageCompression(false).setLocalAddress(sources.get(i)));
        }
    }

    /**
     * Connects the subscribers, at most {@code concurrency} attempts in flight; completes when each has been
     * answered "subscribed" or has failed. Answers how many failed.
     */
    CompletableFuture<Integer> connect(URI target, List<Subscriber> subscribers, int concurrency) {
        return connect(List.of(target), subscribers, concurrency);
    }

    /**
     * As above, each subscriber to {@code targets.get(subscriber.instance)}, from its source address; a subscriber
     * with a last event id resumes from it.
     */
    CompletableFuture<Integer> connect(List<URI> targets, List<Subscriber> subscribers, int concurrency) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        if (subscribers.isEmpty()) {
            done.complete(0);
            return done;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger nextWebSocketLoop = new AtomicInteger();
        AtomicInteger nextSseLoop = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Runnable[] startNext = new Runnable[1];
        startNext[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= subscribers.size()) {
                return;
            }
            Subscriber subscriber = subscribers.get(i);
            // Each transport round-robin over the loops on its own, so that every loop has its share of both.
            AtomicInteger turn = subscriber.transport == Transport.WEBSOCKET ? nextWebSocketLoop : nextSseLoop;
            Context loop = loops[turn.getAndIncrement() % loops.length];
            loop.runOnContext(ignored -> {
                Promise<Void> ready = Promise.promise();
                subscriber.ready = ready;
                long timer = vertx.setTimer(SUBSCRIBE_TIMEOUT.toMillis(),
                        t -> subscriber.fail("not subscribed within " + SUBSCRIBE_TIMEOUT.toSeconds() + " s"));
                ready.future().onComplete(result -> {
                    vertx.cancelTimer(timer);
                    if (result.failed()) {
                        failed.incrementAndGet();
                        subscriber.close();
                    }
                    if (finished.incrementAndGet() == subscribers.size()) {
                        done.complete(failed.get());
                    }
                    startNext[0].run();
                });
                URI target = targets.get(subscriber.instance % targets.size());
                if (subscriber.transport == Transport.WEBSOCKET) {
                    openWebSocket(target, subscriber);
                } else {
                    openSse(target, subscriber);
                }
            });
        };
        for (int k = 0; k < Math.min(concurrency, subscribers.size()); k++) {
            startNext[0].run();
        }
        return done;
    }

    private void openWebSocket(URI target, Subscriber subscriber) {
        Promise<Void> ready = subscriber.ready;
        webSockets[subscriber.source % webSockets.length].connect(new WebSocketConnectOptions()
                .setHost(target.getHost()).setPort(port(target)).setURI(subscriber.webSocketUri()))
                .onSuccess(socket -> {
                    if (ready.future().failed() || subscriber.ready != ready) { // given up on (timed out) meanwhile
                        socket.close();
                        return;
                    }
                    subscriber.socket = socket;
                    socket.textMessageHandler(subscriber::onWebSocketText);
                    socket.closeHandler(v -> subscriber.ended(socket));
                    socket.exceptionHandler(e -> subscriber.fail(socket, e.toString()));
                    if (subscriber.nchan) {
                        subscriber.webSocketOpened();
                    } else {
                        socket.writeTextMessage(subscriber.subscribeMessage());
                    }
                })
                .onFailure(e -> fail(subscriber, ready, "WebSocket: " + e));
    }

    private void openSse(URI target, Subscriber subscriber) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.getHost())
                .setPort(port(target)).setURI(subscriber.sseUri()).putHeader("Accept", "text/event-stream");
        if (subscriber.lastEventId() != null) {
            options.putHeader("Last-Event-ID", subscriber.lastEventId());
        }
        Promise<Void> ready = subscriber.ready;
        http[subscriber.source % http.length].request(options)
                .onSuccess(request -> {
                    if (ready.future().failed() || subscriber.ready != ready) { // given up on (timed out) meanwhile
                        request.reset();
                        return;
                    }
                    subscriber.request = request;
                    request.send().onSuccess(response -> {
                        if (response.statusCode() != 200) {
                            response.body().onComplete(body -> fail(subscriber, ready, "SSE: HTTP "
                                    + response.statusCode() + " " + (body.succeeded() ? body.result() : "")));
                            return;
                        }
                        response.handler(subscriber::onSseChunk);
                        response.endHandler(v -> subscriber.ended(request));
                        response.exceptionHandler(e -> subscriber.ended(request));
                    }).onFailure(e -> fail(subscriber, ready, "SSE: " + e));
                })
                .onFailure(e -> fail(subscriber, ready, "SSE: " + e));
    }

    /** A failed attempt fails the subscriber, unless a later attempt (a resume) has replaced it. */
    private static void fail(Subscriber subscriber, Promise<Void> attempt, String why) {
        if (subscriber.ready == attempt) {
            subscriber.fail(why);
        }
    }

    /** Closes every subscriber's connection, each on its own event loop. */
    void closeAll(List<Subscriber> subscribers) {
        for (int i = 0; i < subscribers.size(); i++) {
            Subscriber subscriber = subscribers.get(i);
            loops[i % loops.length].runOnContext(ignored -> subscriber.close());
        }
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : 80;
    }

    @Override
    public void close() {
        for (HttpClient client : http) {
            client.close();
        }
        for (WebSocketClient client : webSockets) {
            client.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }
}
