package dev.onstage.notification.push;

import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.onstage.notification.reminders.Reminder;
import dev.onstage.notification.reminders.ReminderListener;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Web Push is one more consumer of the events the hub accepts: each instance turns every event that favourites want
 * into pending deliveries (the table's key makes that idempotent across instances and re-reads of the topic), then
 * wakes its worker. Events past their expiry (a restart reading old events again) are skipped before any query.
 */
@ApplicationScoped
public class PushListener implements ReminderListener {

    private static final Logger LOG = Logger.getLogger(PushListener.class);

    private final PushDeliveries deliveries;
    private final PushWorker worker;
    private final ObjectMapper json;

    PushListener(PushDeliveries deliveries, PushWorker worker, ObjectMapper json) {
        this.deliveries = deliveries;
        this.worker = worker;
        this.json = json;
    }

    @Override
    public void accepted(Reminder reminder) {
        PushMessage.of(reminder, json, Instant.now()).ifPresent(message -> deliveries.enqueue(message)
                // PostgreSQL away for a moment: try again while the push is still worth sending.
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30))
                .expireAt(message.expiresAt().toEpochMilli())
                .subscribe().with(created -> {
                    if (created > 0) {
                        worker.kick();
                    }
                }, failure -> LOG.warnf("Web Push: cannot record the pushes of talk event %s: %s", message.eventId(),
                        failure)));
    }
}
