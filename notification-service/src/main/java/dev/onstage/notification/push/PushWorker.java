package dev.onstage.notification.push;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Works through the outbox on every instance: claims due deliveries (with a lease), sends them, and records what the
 * push service said. Runs when told that new deliveries exist and every {@code onstage.push.poll-interval}, which is how
 * retries and deliveries left by a dead instance are picked up. One pass at a time per instance.
 */
@ApplicationScoped
public class PushWorker {

    private static final Logger LOG = Logger.getLogger(PushWorker.class);

    private final PushDeliveries deliveries;
    private final PushSender sender;
    private final PushMetrics metrics;
    private final Vertx vertx;
    private final Duration pollInterval;
    private final Duration lease;
    private final int batch;
    private final int maxAttempts;
    private final RetryBackoff backoff;
    /** Who holds a lease: readable in the table (host, process, a random part for restarts with the same pid). */
    private final String owner;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile long timer = -1;
    private volatile long lastCleanup;

    PushWorker(PushDeliveries deliveries, PushSender sender, PushMetrics metrics, Vertx vertx,
            PushConfig config) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.metrics = metrics;
        this.vertx = vertx;
        this.pollInterval = config.pollInterval();
        this.lease = config.lease();
        this.batch = config.batch();
        this.maxAttempts = config.maxAttempts();
        this.backoff = new RetryBackoff(config.firstRetry(), config.maxRetry());
        this.owner = host() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(pollInterval.toMillis(), id -> kick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** This instance's lease owner name. */
    public String owner() {
        return owner;
    }

    /** Runs a pass now, or right after the one under way. */
    public void kick() {
        again.set(true);
        if (!running.compareAndSet(false, true)) {
            return;
        }
        again.set(false);
        pass().subscribe().with(full -> {
            running.set(false);
            if (full || again.get()) {
                kick();
            }
        }, failure -> {
            running.set(false);
            LOG.warnf("Web Push: a pass over the deliveries failed (tried again in %s): %s", pollInterval, failure);
        });
    }

    /** Claims one batch and sends it; answers whether the batch was full (more may be waiting). */
    private Uni<Boolean> pass() {
        return cleanupNow().chain(() -> deliveries.claim(owner, lease, batch))
                .chain(claims -> claims.isEmpty() ? Uni.createFrom().item(false)
                        : Uni.join().all(claims.stream().map(this::deliver).toList()).andCollectFailures()
                                .map(done -> claims.size() == batch));
    }

    private Uni<Void> deliver(PushDeliveries.Claim claim) {
        Instant now = Instant.now();
        Duration ttl = Duration.between(now, claim.expiresAt());
        if (ttl.toSeconds() < 1) {
            return deliveries.finish(claim, owner, "expired", 0).invoke(held -> count(held, () -> metrics.failed("expired")))
                    .replaceWithVoid();
        }
        return Uni.createFrom().completionStage(() -> sender.send(claim.endpoint(), claim.p256dh(), claim.auth(),
                claim.payload(), ttl, claim.urgency(), claim.topic()))
                .chain(outcome -> record(claim, outcome));
    }

    private Uni<Void> record(PushDeliveries.Claim claim, PushSender.Outcome outcome) {
        if (outcome.delivered()) {
            // Counted even if the lease ran out meanwhile: the push service has the message either way.
            metrics.sent();
            return deliveries.finish(claim, owner, "sent", outcome.status()).replaceWithVoid();
        }
        if (outcome.gone()) {
            LOG.debugf("Web Push: %s answered %d: removing the device", claim.endpoint(), outcome.status());
            return deliveries.removeDevice(claim.deviceId()).invoke(removed -> count(removed, metrics::removed))
                    .replaceWithVoid();
        }
        if (outcome.retry()) {
            Duration delay = backoff.after(claim.attempts(), outcome.retryAfter());
            if (claim.attempts() >= maxAttempts) {
                LOG.warnf("Web Push: giving up on %s after %d attempts (last: %d %s)", claim.endpoint(),
                        claim.attempts(), outcome.status(), outcome.detail());
                return deliveries.finish(claim, owner, "failed", outcome.status())
                        .invoke(held -> count(held, () -> metrics.failed("attempts"))).replaceWithVoid();
            }
            if (!Instant.now().plus(delay).isBefore(claim.expiresAt())) {
                // The next try would come after the talk started: it is too late to be worth showing.
                return deliveries.finish(claim, owner, "expired", outcome.status())
                        .invoke(held -> count(held, () -> metrics.failed("expired"))).replaceWithVoid();
            }
            metrics.retried();
            return deliveries.retryLater(claim, owner, delay, outcome.status()).replaceWithVoid();
        }
        LOG.warnf("Web Push: %s refused a message (%d %s)", claim.endpoint(), outcome.status(), outcome.detail());
        return deliveries.finish(claim, owner, "failed", outcome.status())
                .invoke(held -> count(held, () -> metrics.failed("rejected"))).replaceWithVoid();
    }

    private Uni<Void> cleanupNow() {
        long now = System.currentTimeMillis();
        if (now - lastCleanup < 600_000) {
            return Uni.createFrom().voidItem();
        }
        lastCleanup = now;
        return deliveries.forgetOld().onFailure().recoverWithItem(0).replaceWithVoid();
    }

    private static void count(boolean held, Runnable counter) {
        if (held) {
            counter.run();
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }

}
