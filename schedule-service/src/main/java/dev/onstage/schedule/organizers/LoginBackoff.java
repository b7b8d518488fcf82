package dev.onstage.schedule.organizers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;


import dev.onstage.schedule.problems.BodyGate;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Slows down password guessing per client address (issue 15, item 9). Every answer {@code 401} to a request that
 * carried credentials is a failed attempt of its address (the address as Quarkus resolves it: X-Forwarded-For only from
 * trusted proxies). After {@code onstage.login.free-failures} failures, each further one locks the address for
 * {@code onstage.login.backoff}, doubled per failure up to {@code onstage.login.max-backoff}; while locked, any request
 * with credentials is answered {@code 429} with {@code Retry-After}, unchecked (the right password too, so that
 * guessing gets no answer). Requests without credentials (the public reads) are never held back. An answer that
 * accepted the credentials forgets the address's failures; so does {@code onstage.login.failure-window} without a
 * failure. At most {@code onstage.login.tracked-addresses} addresses are tracked: when the table is full of addresses
 * that failed recently, credentials from a new address are refused with {@code 429} until room is made.
 */
@ApplicationScoped
public class LoginBackoff {

    /** One address's failures; only touched inside the map's compute functions. */
    private static final class Failures {
        int count;
        long last;
        long lockedUntil;
    }

    private final int freeFailures;
    private final long backoff;
    private final long maxBackoff;
    private final long window;
    private final int maxAddresses;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    LoginBackoff(LoginConfig config) {
        this.freeFailures = config.freeFailures();
        this.backoff = config.backoff().toNanos();
        this.maxBackoff = config.maxBackoff().toNanos();
        this.window = config.failureWindow().toNanos();
        this.maxAddresses = config.trackedAddresses();
    }

    @Inject
    BodyGate bodies;

    /** Ahead of every route but the security headers, the body gate too: a locked address's credentials are not even
     * looked at. */
    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.getHeader("Authorization") == null) {
            context.next();
            return;
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        long now = System.nanoTime();
        long wait = lockedFor(address, now);
        if (wait > 0) {
            refuse(context, wait, "Too many failed logins from " + address + "; retry in " + seconds(wait) + " s.");
            return;
        }
        if (failures.size() >= maxAddresses && !failures.containsKey(address)) {
            forgetOld(now);
            if (failures.size() >= maxAddresses) {
                refuse(context, backoff, "Too many failed logins from many addresses; retry in " + seconds(backoff)
                        + " s.");
                return;
            }
        }
        context.addHeadersEndHandler(ignored -> {
            int status = context.response().getStatusCode();
            if (status == 401) {
                failed(address, System.nanoTime());
            } else if (status < 400 || status == 403) {
                failures.remove(address); // the credentials were right
            }
        });
        context.next();
    }

    /** How long the address is still locked, 0 when it is not. */
    long lockedFor(String address, long now) {
        Failures f = failures.get(address);
        return f == null ? 0 : Math.max(0, f.lockedUntil - now);
    }

    void failed(String address, long now) {
        failures.compute(address, (key, f) -> {
            Failures n = f == null || now - f.last > window ? new Failures() : f;
            n.count++;
            n.last = now;
            if (n.count > freeFailures) {
                long lock = backoff;
                for (int i = freeFailures + 1; i < n.count && lock < maxBackoff; i++) {
                    lock *= 2;
                }
                n.lockedUntil = now + Math.min(lock, maxBackoff);
            }
            return n;
        });
    }

    /** Forgets addresses that have not failed within the window and are not locked. */
    void forgetOld(long now) {
        for (String address : failures.keySet()) {
            failures.computeIfPresent(address, (key, f) -> now - f.last > window && f.lockedUntil <= now ? null : f);
        }
    }

    /** 429 problem+json; like the body gate's refusals it ends the connection, so that a body is never read. */
    private void refuse(RoutingContext context, long waitNanos, String detail) {
        context.response().putHeader("Retry-After", Long.toString(seconds(waitNanos)));
        bodies.refuse(context, 429, detail);
    }

    private static long seconds(long nanos) {
        return Math.max(1, (long) Math.ceil(nanos / 1e9));
    }
}
