package dev.onstage.notification.reminders;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;


import jakarta.enterprise.context.ApplicationScoped;

/**
 * Open reminder streams (SSE and WebSocket together): per client address, and in all on this instance. The per-address
 * default is high on purpose: a whole conference's Wi-Fi may reach us through one NAT address. Behind a proxy, set
 * {@code quarkus.http.proxy.proxy-address-forwarding} so that the address is the client's, not the proxy's. The total
 * keeps an instance within its file descriptors and memory: more attendees need more instances (docs/scaling.md).
 */
@ApplicationScoped
public class ConnectionLimits {

    private final int maxPerAddress;
    private final int maxStreams;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    ConnectionLimits(RemindersConfig config) {
        this.maxPerAddress = config.maxConnectionsPerAddress();
        this.maxStreams = config.maxStreams();
    }

    /** Counts a new connection from this address; refused (and not counted) at either limit. */
    void open(String address) {
        if (total.incrementAndGet() > maxStreams) {
            total.decrementAndGet();
            throw new StreamRefused(429, "This instance already serves " + maxStreams
                    + " reminder streams; retry later (another instance may have room).", null);
        }
        boolean[] opened = { false };
        open.compute(address, (key, count) -> {
            int n = count == null ? 0 : count;
            if (n >= maxPerAddress) {
                return count;
            }
            opened[0] = true;
            return n + 1;
        });
        if (!opened[0]) {
            total.decrementAndGet();
            throw new StreamRefused(429, address + " already has " + maxPerAddress
                    + " reminder streams open; close one or retry later.", null);
        }
    }

    void closed(String address) {
        total.decrementAndGet();
        open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }
}
