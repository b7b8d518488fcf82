package dev.onstage.problems;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start when {@code X-Forwarded-For} would be believed from anyone (issue 15, item 6): with
 * {@code quarkus.http.proxy.proxy-address-forwarding} on, {@code quarkus.http.proxy.trusted-proxies} must name the
 * proxies (addresses, CIDR ranges or host names); otherwise every client could choose its own address and escape the
 * per-address limits. By default forwarding is off: the address is the TCP peer's, and no header is trusted.
 */
@ApplicationScoped
public class ProxyTrust {

    @ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false")
    boolean forwarding;

    @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies")
    Optional<List<String>> trustedProxies;

    void check(@Observes StartupEvent start) {
        if (forwarding && trustedProxies.map(List::isEmpty).orElse(true)) {
            throw new IllegalStateException("quarkus.http.proxy.proxy-address-forwarding is on but "
                    + "quarkus.http.proxy.trusted-proxies is empty: X-Forwarded-For would be believed from any client. "
                    + "Set QUARKUS_HTTP_PROXY_TRUSTED_PROXIES to the proxies' addresses (docs/reliability.md).");
        }
    }
}
