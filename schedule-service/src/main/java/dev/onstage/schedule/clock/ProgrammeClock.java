package dev.onstage.schedule.clock;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/** Programme time: what "now" means for the programme. Real time for now; replay comes with the clock. */
@ApplicationScoped
public class ProgrammeClock {

    public Instant now() {
        return Instant.now();
    }
}
