package dev.onstage.notification.reminders;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Open reminder streams (SSE and WebSocket together) per client address. The default is high on purpose: a whole
 * conference's Wi-Fi may reach us through one NAT address. Behind a proxy, set
 * {@code quarkus.http.proxy.proxy-address-forwarding} so that the address is the client's, not the proxy's.
 */
@ApplicationScoped
public class ConnectionLimits {

    private final int maxPerAddress;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    ConnectionLimits(@ConfigProperty(name = "onstage.reminders.max-connections-per-address") int maxPerAddress) {
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts a new connection from this address; false (and not counted) when the address is at its limit. */
    public boolean tryOpen(String address) {
        boolean[] opened = { false };
        open.compute(address, (key, count) -> {
            int n = count == null ? 0 : count;
            if (n >= maxPerAddress) {
                return count;
            }
            opened[0] = true;
            return n + 1;
        });
        return opened[0];
    }

    public void closed(String address) {
        open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Thrown when an address already has as many streams as it may. */
    public static class TooManyConnections extends RuntimeException {
        TooManyConnections(String address, int max) {
            super(address + " already has " + max + " reminder streams open; close one or retry later.");
        }
    }

    TooManyConnections refused(String address) {
        return new TooManyConnections(address, maxPerAddress);
    }
}
