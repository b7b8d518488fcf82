package dev.onstage.notification.agenda;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address: {@code burst} tries, refilled by one every {@code interval}. At most
 * {@code maxAddresses} addresses are tracked at once; a bucket that has refilled is forgotten, and when the table is
 * full of addresses that tried recently, a new address is refused until room is made. Used for the anonymous calls
 * that make the server hold something: attendee creations ({@link AttendeeCreations}) and pairings.
 */
public final class AddressBuckets {

    /** Why an address must wait, and how long. */
    public record Refusal(long retryAfterSeconds, boolean tableFull) {
    }

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

    public AddressBuckets(int burst, Duration interval, int maxAddresses) {
        this.burst = burst;
        this.intervalNanos = Math.max(1, interval.toNanos());
        this.maxAddresses = maxAddresses;
    }

    /** Takes one try from the address's bucket: null when admitted, else how long to wait. */
    public Refusal take(String address) {
        long now = System.nanoTime();
        if (buckets.size() >= maxAddresses && !buckets.containsKey(address)) {
            forgetRefilled(now);
            if (buckets.size() >= maxAddresses) {
                return new Refusal(seconds(intervalNanos), true);
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
        return wait[0] > 0 ? new Refusal(seconds(wait[0]), false) : null;
    }

    /**
     * Takes one try from the address's bucket, or refuses with {@link AttendeeCreations.TooManyRequests} (a 429 with
     * Retry-After) that says why.
     *
     * @param doing what the addresses are doing, when too many are ("creating attendees")
     * @param done  what this address did, with {@code %d} for the burst ("created %d attendees")
     */
    public void admit(String address, String doing, String done) {
        Refusal refusal = take(address);
        if (refusal == null) {
            return;
        }
        long retry = refusal.retryAfterSeconds();
        throw new AttendeeCreations.TooManyRequests(retry, refusal.tableFull()
                ? "Too many addresses are " + doing + " right now; retry in " + retry + " s."
                : address + " has " + done.formatted(burst) + " recently; one more every " + interval().toMillis()
                        + " ms. Retry in " + retry + " s.");
    }

    /** Forgets the addresses whose bucket is full again (they would start afresh anyway). */
    public void forgetRefilled(long now) {
        for (String address : buckets.keySet()) {
            buckets.computeIfPresent(address, (key, b) ->
                    b.tokens + (double) (now - b.updated) / intervalNanos >= burst ? null : b);
        }
    }

    /** Addresses tracked now. */
    public int tracked() {
        return buckets.size();
    }

    public int burst() {
        return burst;
    }

    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    private void refill(Bucket b, long now) {
        b.tokens = Math.min(burst, b.tokens + (double) (now - b.updated) / intervalNanos);
        b.updated = now;
    }

    private static long seconds(long nanos) {
        return Math.max(1, (long) Math.ceil(nanos / 1e9));
    }
}
