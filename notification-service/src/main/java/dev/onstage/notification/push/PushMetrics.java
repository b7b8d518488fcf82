package dev.onstage.notification.push;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Web Push meters: {@code onstage_push_sent_total} (accepted by the push service), {@code onstage_push_failed_total}
 * tagged {@code reason} (expired: too late to be worth showing; rejected: the push service refused it for good;
 * attempts: still failing after the last retry), {@code onstage_push_removed_total} (devices removed on 404/410) and
 * {@code onstage_push_retried_total} (429, 5xx or unreachable: tried again later).
 */
@ApplicationScoped
public class PushMetrics {

    private final MeterRegistry registry;
    private final Counter sent;
    private final Counter removed;
    private final Counter retried;
    private final Map<String, Counter> failed = new ConcurrentHashMap<>();

    PushMetrics(MeterRegistry registry) {
        this.registry = registry;
        sent = Counter.builder("onstage.push.sent").description("Push messages accepted by the push service")
                .register(registry);
        removed = Counter.builder("onstage.push.removed")
                .description("Devices removed because the push service answered 404 or 410").register(registry);
        retried = Counter.builder("onstage.push.retried")
                .description("Sends that failed for now (429, 5xx, unreachable) and are tried again")
                .register(registry);
        for (String reason : new String[] { "expired", "rejected", "attempts" }) {
            failedCounter(reason);
        }
    }

    void sent() {
        sent.increment();
    }

    void removed() {
        removed.increment();
    }

    void retried() {
        retried.increment();
    }

    void failed(String reason) {
        failedCounter(reason).increment();
    }

    private Counter failedCounter(String reason) {
        return failed.computeIfAbsent(reason, r -> Counter.builder("onstage.push.failed").tag("reason", r)
                .description("Push messages given up: expired, rejected or out of attempts").register(registry));
    }
}
