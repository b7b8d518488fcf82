package dev.onstage.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches services while they are attacked: every half second each one's readiness (a probe that does not answer
 * within 5 s counts as not ready) and heap in use. Keeps, per service, the probes, the failed ones, the longest run of
 * failures (seconds from the first failure to the next 200) and the largest heap seen.
 */
final class StackWatch implements AutoCloseable {

    static final class Figures {
        int probes;
        int notReady;
        double longestNotReadySeconds;
        long maxHeap;
        private long notReadySince = -1;

        @Override
        public String toString() {
            return String.format("%d readiness probes, %d not 200, longest stretch without 200 %.1f s; heap at most %d MB",
                    probes, notReady, longestNotReadySeconds, maxHeap >> 20);
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Supervisor> services;
    private final Map<String, Figures> figures = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean watching = true;

    /** @param services by name */
    StackWatch(Map<String, Supervisor> services) {
        this.services = services;
        services.keySet().forEach(name -> figures.put(name, new Figures()));
        thread = new Thread(this::watch, "stack-watch");
        thread.setDaemon(true);
        thread.start();
    }

    Figures figures(String service) {
        return figures.get(service);
    }

    private void watch() {
        while (watching) {
            services.forEach((name, service) -> sample(name, service.base()));
            try {
                Thread.sleep(500);
            } catch (InterruptedException stopped) {
                return;
            }
        }
    }

    private void sample(String name, String base) {
        Figures f = figures.get(name);
        boolean ready = ready(base);
        long heap = -1;
        try {
            heap = ready ? Prometheus.heap(base) : -1;
        } catch (Exception unanswered) {
            // a metrics call that fails under load says nothing about the heap
        }
        synchronized (f) {
            f.probes++;
            long now = System.nanoTime();
            if (!ready) {
                f.notReady++;
                if (f.notReadySince < 0) {
                    f.notReadySince = now;
                }
            } else if (f.notReadySince >= 0) {
                f.longestNotReadySeconds = Math.max(f.longestNotReadySeconds, (now - f.notReadySince) / 1e9);
                f.notReadySince = -1;
            }
            f.maxHeap = Math.max(f.maxHeap, heap);
        }
    }

    private static boolean ready(String base) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops watching; a stretch without 200 still going on counts until now. */
    @Override
    public void close() throws InterruptedException {
        watching = false;
        thread.interrupt();
        thread.join(10_000);
        long now = System.nanoTime();
        for (Figures f : figures.values()) {
            synchronized (f) {
                if (f.notReadySince >= 0) {
                    f.longestNotReadySeconds = Math.max(f.longestNotReadySeconds, (now - f.notReadySince) / 1e9);
                }
            }
        }
    }
}
