package dev.onstage.notification.agenda;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * How many attendees one client address may create (issue 15, item 7): a bucket of
 * {@code onstage.agenda.creations-per-address} per address, refilled by one every
 * {@code onstage.agenda.creation-interval}; an empty bucket is a {@code 429} with {@code Retry-After}. The address is
 * the client's as Quarkus resolves it ({@code X-Forwarded-For} only from trusted proxies). At most
 * {@code onstage.agenda.tracked-addresses} addresses are tracked at once; a bucket that has refilled is forgotten, and
 * when the table is full of addresses that created recently, a new address is refused until room is made.
 */
@ApplicationScoped
public class AttendeeCreations {

    /** One address's bucket; only touched inside the map's compute functions. */
    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    private final int burst;
    private final long intervalNanos;
    private final int maxAddresses;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    AttendeeCreations(@ConfigProperty(name = "onstage.agenda.creations-per-address") int burst,
            @ConfigProperty(name = "onstage.agenda.creation-interval") Duration interval,
            @ConfigProperty(name = "onstage.agenda.tracked-addresses") int maxAddresses) {
        this.burst = burst;
        this.intervalNanos = Math.max(1, interval.toNanos());
        this.maxAddresses = maxAddresses;
    }

    /** Takes one creation from the address's bucket, or refuses with {@link TooManyRequests}. */
    public void admit(String address) {
        long now = System.nanoTime();
        if (buckets.size() >= maxAddresses && !buckets.containsKey(address)) {
            forgetRefilled(now);
            if (buckets.size() >= maxAddresses) {
                throw new TooManyRequests(seconds(intervalNanos), "Too many addresses are creating attendees right "
                        + "now; retry in " + seconds(intervalNanos) + " s.");
            }
        }
        long[] wait = { 0 };
        buckets.compute(address, (key, bucket) -> {
            Bucket b = bucket == null ? new Bucket(burst, now) : bucket;
            refill(b, now);
            if (b.tokens >= 1) {
                b.tokens -= 1;
            } else {
                wait[0] = (long) Math.ceil((1 - b.tokens) * intervalNanos);
            }
            return b;
        });
        if (wait[0] > 0) {
            throw new TooManyRequests(seconds(wait[0]), address + " has created " + burst + " attendees recently; "
                    + "one more every " + Duration.ofNanos(intervalNanos).toMillis() + " ms. Retry in "
                    + seconds(wait[0]) + " s.");
        }
    }

    /** Forgets the addresses whose bucket is full again (they would start afresh anyway). */
    void forgetRefilled(long now) {
        for (String address : buckets.keySet()) {
            buckets.computeIfPresent(address, (key, b) ->
                    b.tokens + (double) (now - b.updated) / intervalNanos >= burst ? null : b);
        }
    }

    /** Addresses tracked now. */
    int tracked() {
        return buckets.size();
    }

    private void refill(Bucket b, long now) {
        b.tokens = Math.min(burst, b.tokens + (double) (now - b.updated) / intervalNanos);
        b.updated = now;
    }

    private static long seconds(long nanos) {
        return Math.max(1, (long) Math.ceil(nanos / 1e9));
    }

    /** A 429 with Retry-After (problem+json, ProblemMappers). */
    public static class TooManyRequests extends RuntimeException {

        private final long retryAfterSeconds;

        public TooManyRequests(long retryAfterSeconds, String message) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
