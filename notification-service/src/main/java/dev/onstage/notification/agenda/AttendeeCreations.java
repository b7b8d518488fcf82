package dev.onstage.notification.agenda;


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

    private final AddressBuckets buckets;

    AttendeeCreations(AgendasConfig config) {
        this.buckets = new AddressBuckets(config.creationsPerAddress(), config.creationInterval(),
                config.trackedAddresses());
    }

    /** Takes one creation from the address's bucket, or refuses with {@link TooManyRequests}. */
    public void admit(String address) {
        buckets.admit(address, "creating attendees", "created %d attendees");
    }

    /** Forgets the addresses whose bucket is full again (they would start afresh anyway). */
    void forgetRefilled(long now) {
        buckets.forgetRefilled(now);
    }

    /** Addresses tracked now. */
    int tracked() {
        return buckets.tracked();
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
