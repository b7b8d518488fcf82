package dev.onstage.schedule.programme;

import io.smallrye.config.ConfigMapping;

/**
 * The seed programme ({@code onstage.seed.*}, or {@code ONSTAGE_SEED_*} in the environment), see {@link SeedLoader}. The
 * value is in application.properties, the one place of its default.
 */
@ConfigMapping(prefix = "onstage.seed")
public interface SeedConfig {

    /** Whether the seed is loaded on first start with an empty database. */
    boolean enabled();
}
