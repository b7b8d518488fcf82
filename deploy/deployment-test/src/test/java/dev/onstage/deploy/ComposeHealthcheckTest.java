package dev.onstage.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * The services' Compose healthcheck really tells ready from not ready. The images (ubi9 openjdk runtime) have bash
 * but no curl, so the check speaks HTTP over bash's /dev/tcp; here it runs in this machine's bash against a small HTTP
 * server on a free loopback port (the command's port is swapped for it) that answers like /q/health/ready.
 */
class ComposeHealthcheckTest {

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void healthyOnlyWhenReadinessAnswers200(String name) throws Exception {
        JsonNode test = Compose.load().service(name).path("healthcheck").path("test");
        assertEquals("CMD", test.path(0).asText(), name + ": the check runs without a shell of Compose's choosing");
        assertEquals("bash", test.path(1).asText());
        assertEquals("-c", test.path(2).asText());
        // Compose substitutes $NAME from the host's environment and turns $$ into $ before the container sees the
        // command: every $ meant for bash must be written $$.
        String raw = test.path(3).asText();
        assertFalse(raw.replace("$$", "").contains("$"), name + ": a single $ in the healthcheck is Compose's: " + raw);
        String script = raw.replace("$$", "$");
        int port = ServiceConfig.of(name).httpPort();
        assertTrue(script.contains("/dev/tcp/127.0.0.1/" + port + " "), script);

        AtomicInteger status = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            boolean ready = exchange.getRequestURI().getPath().equals("/q/health/ready");
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ready ? status.get() : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String local = script.replace("/dev/tcp/127.0.0.1/" + port + " ", "/dev/tcp/127.0.0.1/"
                    + server.getAddress().getPort() + " ");
            status.set(200);
            assertEquals(0, run(local), name + ": readiness 200 must be healthy");
            status.set(503);
            assertNotEquals(0, run(local), name + ": readiness 503 (a dependency down) must be unhealthy");
        } finally {
            server.stop(0);
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertNotEquals(0, run(script.replace("/dev/tcp/127.0.0.1/" + port + " ", "/dev/tcp/127.0.0.1/" + closed + " ")),
                name + ": nothing listening must be unhealthy");
    }

    private static int run(String script) throws IOException, InterruptedException {
        Process bash = new ProcessBuilder(List.of("bash", "-c", script)).redirectErrorStream(true).start();
        if (!bash.waitFor(10, TimeUnit.SECONDS)) {
            bash.destroyForcibly();
            throw new AssertionError("the healthcheck did not finish within 10 s: " + script);
        }
        return bash.exitValue();
    }
}
