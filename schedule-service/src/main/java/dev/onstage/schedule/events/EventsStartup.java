package dev.onstage.schedule.events;

import org.jboss.logging.Logger;

import dev.onstage.contract.EventJson;
import dev.onstage.schedule.clock.ProgrammeClock;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** After the programme is loaded: the clock, then the plan of what is due, then the dispatcher. */
@ApplicationScoped
public class EventsStartup {

    private static final Logger LOG = Logger.getLogger(EventsStartup.class);

    @Inject
    ProgrammeClock clock;

    @Inject
    OutboxPlanner planner;

    @Inject
    OutboxDispatcher dispatcher;

    // Runs after SeedLoader (default priority 2500).
    void onStart(@Observes @Priority(3000) StartupEvent start) throws Throwable {
        EventJson.prepare();
        VertxContextSupport.subscribeAndAwait(() -> clock.initialize().call(planner::replan));
        dispatcher.start();
        LOG.infof("Talk events: dispatcher started, programme time is %s", clock.now());
    }
}
