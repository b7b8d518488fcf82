package dev.onstage.local.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Web Push service emulator, npm {@code web-push-testing} (notification-service/src/test/push-service), as a child
 * process on a free port: it takes push messages as a push service does (VAPID checked, payload decrypted) and tells
 * what each subscription received. Its node_modules are installed with {@code npm ci} when missing, as
 * {@code ./onstage test} does. Plain http on localhost: services under test need
 * {@code onstage.push.allow-insecure-endpoints=true}.
 */
public final class WebPushTesting implements AutoCloseable {

    private static final String PACKAGE = "notification-service/src/test/push-service";

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private WebPushTesting(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static WebPushTesting start() {
        Path dir = packageDir();
        try {
            installIfMissing(dir);
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Process process = new ProcessBuilder("node",
                    dir.resolve("node_modules/web-push-testing/src/bin/server.js").toString(), String.valueOf(port))
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            CompletableFuture<Boolean> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.contains("Server running on port")) {
                            ready.complete(true);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
                ready.complete(false);
            }, "web-push-testing-output");
            reader.setDaemon(true);
            reader.start();
            if (!ready.get(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("web-push-testing did not start (exit " + process.waitFor() + ")");
            }
            return new WebPushTesting(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start web-push-testing (is Node.js installed?)", e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start web-push-testing", e);
        }
    }

    /** {@code http://localhost:<port>}: subscriptions' endpoints are under {@code /notify/}. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /**
     * A new subscription for this application server key, as a browser's pushManager.subscribe would make:
     * {@code {"data": {"endpoint": ..., "keys": {"p256dh": ..., "auth": ...}, "clientHash": ...}}}.
     */
    public String subscribe(String applicationServerKey) {
        return post("/subscribe", "{\"userVisibleOnly\":\"true\",\"applicationServerKey\":\"" + applicationServerKey
                + "\"}");
    }

    /** What the subscription received, decrypted: {@code {"data": {"messages": ["...", ...]}}}. */
    public String notifications(String clientHash) {
        return post("/get-notifications", "{\"clientHash\":\"" + clientHash + "\"}");
    }

    /** From now on the push service answers 410 Gone to this subscription. */
    public void expire(String clientHash) {
        post("/expire-subscription/" + clientHash, "{}");
    }

    private String post(String path, String json) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("web-push-testing " + path + ": " + response.statusCode() + " "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The package folder, found from the working directory (a module's or the repository's). */
    private static Path packageDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(PACKAGE))) {
                return dir.resolve(PACKAGE);
            }
        }
        throw new IllegalStateException("Cannot find " + PACKAGE + " above " + Path.of("").toAbsolutePath());
    }

    /** npm ci when node_modules is missing or older than the lock file (npm writes .package-lock.json last). */
    private static void installIfMissing(Path dir) throws IOException, InterruptedException {
        Path installed = dir.resolve("node_modules/.package-lock.json");
        if (Files.exists(installed) && Files.getLastModifiedTime(installed)
                .compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) >= 0) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(dir.toFile()).inheritIO().start();
        if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + dir + " failed");
        }
    }
}
