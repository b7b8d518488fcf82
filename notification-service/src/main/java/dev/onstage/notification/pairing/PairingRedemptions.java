package dev.onstage.notification.pairing;


import dev.onstage.notification.agenda.AddressBuckets;
import dev.onstage.notification.agenda.AgendasConfig;
import dev.onstage.notification.agenda.AttendeeCreations.TooManyRequests;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How often one client address may try a pairing code ({@code POST /api/pairings} is anonymous, and every success makes
 * the server hold a token): a bucket of {@code onstage.pairing.redemptions-per-address}, refilled by one every
 * {@code onstage.pairing.redemption-interval}; an empty bucket is a 429 with Retry-After. Wrong codes count too, which
 * also keeps anyone from guessing codes (60 random bits each, valid for minutes).
 */
@ApplicationScoped
public class PairingRedemptions {

    private final AddressBuckets buckets;

    PairingRedemptions(PairingConfig config, AgendasConfig agendas) {
        this.buckets = new AddressBuckets(config.redemptionsPerAddress(), config.redemptionInterval(),
                agendas.trackedAddresses());
    }

    /** Takes one try from the address's bucket, or refuses with {@link TooManyRequests}. */
    public void admit(String address) {
        buckets.admit(address, "pairing devices", "tried %d pairing codes");
    }
}
