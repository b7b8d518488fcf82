package dev.onstage.stack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts a service ({@link #awaitReady()} waits for it; several may start at once), then starts it again when its JVM
 * exits, as {@code ./onstage} does (after 1 s; the abuse suite expects no second
 * death), on the same port with the same environment, and records each restart: the exit code and how long after the
 * exit the new JVM was ready.
 */
final class Supervisor implements AutoCloseable {

    record Restart(String service, int exitCode, double readyAfterSeconds) {
    }

    private final RealStack stack;
    private final String service;
    private final String name;
    private final int port;
    private final Map<String, String> env;
    private final List<Restart> restarts = new CopyOnWriteArrayList<>();
    private Thread watcher;
    private volatile ServiceProcess current;
    private volatile boolean watching = true;

    Supervisor(RealStack stack, String service, String name, Map<String, String> env) throws Exception {
        this.stack = stack;
        this.service = service;
        this.name = name;
        this.port = ServiceProcess.freePort();
        this.env = env;
        current = stack.start(service, name, port, env);
    }

    /** Waits until the service is first ready, then watches it. */
    Supervisor awaitReady() {
        current.awaitReady();
        watcher = new Thread(this::watch, "supervisor-" + name);
        watcher.setDaemon(true);
        watcher.start();
        return this;
    }

    ServiceProcess process() {
        return current;
    }

    int port() {
        return port;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    List<Restart> restarts() {
        return List.copyOf(restarts);
    }

    private void watch() {
        try {
            while (watching) {
                if (current.process.isAlive()) {
                    Thread.sleep(200);
                    continue;
                }
                long exited = System.nanoTime();
                int code = current.process.exitValue();
                System.out.printf("==> %s exited (code %d); restarting in 1 s%n", name, code);
                Thread.sleep(Duration.ofSeconds(1).toMillis());
                current = stack.start(service, name + "-restart-" + (restarts.size() + 1), port, env).awaitReady();
                restarts.add(new Restart(name, code, (System.nanoTime() - exited) / 1e9));
                System.out.printf("==> %s is ready again (restart %d)%n", name, restarts.size());
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (Exception | AssertionError e) {
            System.out.printf("==> %s could not be restarted: %s%n", name, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        watching = false;
        if (watcher != null) {
            watcher.interrupt();
            watcher.join(10_000);
        }
    }
}
