package dev.onstage.schedule.events;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Not ready while due talk events cannot be published (the broker is down); they wait in the outbox. */
@Readiness
@ApplicationScoped
public class TalkEventsHealthCheck implements HealthCheck {

    @Inject
    OutboxDispatcher dispatcher;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Talk events published").status(dispatcher.healthy()).build();
    }
}
