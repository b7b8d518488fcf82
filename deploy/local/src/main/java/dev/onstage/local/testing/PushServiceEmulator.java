package dev.onstage.local.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Test resource: the Web Push service emulator ({@link WebPushTesting}) for the test JVM, started once like Kafka and
 * PostgreSQL. Tests reach it through {@link #running()}; the service is told to accept its http endpoints.
 */
public class PushServiceEmulator implements QuarkusTestResourceLifecycleManager {

    private static volatile WebPushTesting running;

    public static WebPushTesting running() {
        return running;
    }

    @Override
    public Map<String, String> start() {
        running = WebPushTesting.start();
        return Map.of("onstage.push.allow-insecure-endpoints", "true");
    }

    @Override
    public void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
