package dev.onstage.schedule.programme;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.jboss.logging.Logger;

import dev.onstage.schedule.programme.imports.ListingTextParser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * On first start with an empty database, loads the seed programme (ICML 2022, "Deep Learning"), then loads the
 * programme into memory. Importing is idempotent, so two instances starting at once do no harm.
 */
@ApplicationScoped
public class SeedLoader {

    private static final Logger LOG = Logger.getLogger(SeedLoader.class);
    static final String SEED = "seed/icml2022-deep-learning.txt";

    @Inject
    SeedConfig config;

    @Inject
    ListingTextParser parser;

    @Inject
    ProgrammeImporter importer;

    @Inject
    Programme programme;

    void onStart(@Observes StartupEvent start) throws Throwable {
        // Hibernate Reactive needs a Vert.x context; start-up runs on the main thread.
        long conferences = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Conference.count()));
        if (conferences == 0 && config.enabled()) {
            LOG.infof("Empty programme: loading the seed %s", SEED);
            VertxContextSupport.subscribeAndAwait(() -> importer.importProgramme(
                    parser.parse(seedText(), 2022).named("icml2022", "ICML 2022"), "seed"));
        } else {
            VertxContextSupport.subscribeAndAwait(programme::refresh);
        }
        LOG.infof("Programme loaded: %d sessions, %d talks", programme.snapshot().sessions().size(),
                programme.snapshot().talks().size());
    }

    static String seedText() {
        try (InputStream in = SeedLoader.class.getClassLoader().getResourceAsStream(SEED)) {
            if (in == null) {
                throw new IllegalStateException(SEED + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
