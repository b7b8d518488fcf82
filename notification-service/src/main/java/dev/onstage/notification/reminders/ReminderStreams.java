package dev.onstage.notification.reminders;

import java.util.UUID;
import java.util.function.Predicate;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.onstage.notification.agenda.Agenda;
import dev.onstage.notification.agenda.Agendas;
import dev.onstage.notification.agenda.AttendeeTokens;
import dev.onstage.notification.reminders.ReminderMetrics.Transport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One client's stream of frames, the same for both transports: holds the attendee's agenda (if any) while the stream
 * lasts, and counts the stream in the metrics. A client that does not keep up
 * makes the stream fail with {@link BackPressureFailure} once {@code onstage.reminders.client-buffer} frames wait.
 */
@ApplicationScoped
public class ReminderStreams {

    private final ReminderHub hub;
    private final Agendas agendas;
    private final HistoryCatchUp catchUp;
    private final ReminderMetrics metrics;
    private final int clientBuffer;

    ReminderStreams(ReminderHub hub, Agendas agendas, HistoryCatchUp catchUp, ReminderMetrics metrics,
            @ConfigProperty(name = "onstage.reminders.client-buffer") int clientBuffer) {
        this.hub = hub;
        this.agendas = agendas;
        this.catchUp = catchUp;
        this.metrics = metrics;
        this.clientBuffer = clientBuffer;
    }

    /**
     * @param attendee null for anyone's events; else only this attendee's reminders (the caller has checked the
     *                 attendee's token with {@link AttendeeTokens#check})
     */
    public Multi<Frame> open(Transport transport, ReminderFilter filter, String lastEventId, UUID attendee) {
        // After a start, wait until the history is rebuilt: a resume must find its last id.
        Uni<Agenda> agenda = catchUp.ready()
                .chain(() -> attendee == null ? Uni.createFrom().nullItem() : agendas.open(attendee));
        return agenda.onItem().transformToMulti(held -> {
            Predicate<Reminder> wanted = held == null ? filter : filter.and(ReminderFilter.forAgenda(held));
            return hub.subscribe(wanted, lastEventId, clientBuffer)
                    .onSubscription().invoke(() -> metrics.opened(transport))
                    .onTermination().invoke(() -> {
                        metrics.closed(transport);
                        if (held != null) {
                            agendas.close(held);
                        }
                    });
        }).onFailure(BackPressureFailure.class).invoke(() -> metrics.dropped(transport));
    }
}
