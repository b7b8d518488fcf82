package dev.onstage.notification.reminders;

import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.onstage.problems.BadRequest;
import dev.onstage.notification.agenda.AccessDenied;
import dev.onstage.notification.agenda.Agenda;
import dev.onstage.notification.agenda.Agendas;
import dev.onstage.notification.agenda.AttendeeTokens;
import dev.onstage.notification.agenda.StreamTickets;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

/**
 * The transport-neutral core of reminder streams: what a stream may ask for, who may open one, and its life from
 * connection to close. The transport adapters ({@link ReminderSse}, {@link ReminderSocket}) only read their protocol,
 * hand the core a {@link Connection} and a {@link Request}, and tell a {@link StreamRefused} their own way.
 */
@ApplicationScoped
public class ReminderStreams {

    private static final Logger LOG = Logger.getLogger(ReminderStreams.class);

    /** What a client asked for, checked. */
    public record Request(ReminderFilter filter, String lastEventId, UUID attendee, String token, String ticket) {
    }

    private final ReminderHub hub;
    private final Agendas agendas;
    private final AttendeeTokens tokens;
    private final HistoryCatchUp catchUp;
    private final ConnectionLimits limits;
    private final ReminderMetrics metrics;
    private final int maxFilters;
    private final int clientBuffer;

    @jakarta.inject.Inject
    StreamTickets tickets;

    ReminderStreams(ReminderHub hub, Agendas agendas, AttendeeTokens tokens, HistoryCatchUp catchUp,
            ConnectionLimits limits, ReminderMetrics metrics,
            RemindersConfig config) {
        this.hub = hub;
        this.agendas = agendas;
        this.tokens = tokens;
        this.catchUp = catchUp;
        this.limits = limits;
        this.metrics = metrics;
        this.maxFilters = config.maxFilters();
        this.clientBuffer = config.clientBuffer();
    }

    /**
     * Checks what a client sent: filters (each repeatable), the last id it got, an attendee and its token.
     *
     * @throws StreamRefused 400 naming the parameter at fault
     */
    public Request request(List<String> talks, List<String> rooms, List<String> sessions, List<String> speakers,
            List<String> types, String lastEventId, String attendee, String token) {
        return request(talks, rooms, sessions, speakers, types, lastEventId, attendee, token, null);
    }

    /** The same, with a stream ticket ({@link StreamTickets}) instead of the token when {@code ticket} is given. */
    public Request request(List<String> talks, List<String> rooms, List<String> sessions, List<String> speakers,
            List<String> types, String lastEventId, String attendee, String token, String ticket) {
        try {
            ReminderFilter filter = ReminderFilter.of(talks, rooms, sessions, speakers, types, maxFilters);
            UUID attendeeId = attendee == null ? null : AttendeeTokens.attendeeId(attendee, "attendee");
            return new Request(filter, lastEventId, attendeeId, token, ticket);
        } catch (BadRequest e) {
            throw new StreamRefused(400, e.getMessage(), e.where());
        }
    }

    /** Events a client that does not read may leave waiting before it is dropped. */
    int clientBuffer() {
        return clientBuffer;
    }

    /**
     * A new connection from this address.
     *
     * @throws StreamRefused 429 when the address or the instance has as many streams as it may
     */
    public void admit(Transport transport, String address) {
        try {
            limits.open(address);
        } catch (StreamRefused refused) {
            metrics.refused(transport);
            throw refused;
        }
        metrics.opened(transport);
    }

    /** An admitted connection, pinged while it waits for a subscription (a WebSocket). */
    public void keepAlive(Connection connection) {
        hub.shard(connection.eventLoop).attach(connection);
    }

    /**
     * Subscribes the connection (replacing its subscription, if any): it gets {@code subscribed}, the history after
     * its last id when it resumes, then every matching event. Waits until the history is rebuilt after a start, so
     * that a resume finds its id. Fails with a {@link StreamRefused} (an attendee's token missing or wrong, an unknown
     * attendee, or 503).
     */
    public Uni<Void> subscribe(Connection connection, Request request) {
        UUID attendee = request.attendee();
        Uni<UUID> checked = attendee == null ? Uni.createFrom().nullItem()
                : request.ticket() != null ? tickets.redeem(attendee, request.ticket())
                : tokens.check(attendee, request.token());
        return checked
                .chain(catchUp::ready)
                .chain(() -> attendee == null ? Uni.createFrom().<Agenda>nullItem() : agendas.open(attendee))
                .invoke(agenda -> register(connection, request, agenda))
                .replaceWithVoid()
                .onFailure().transform(ReminderStreams::refusal);
    }

    private void register(Connection connection, Request request, Agenda agenda) {
        Shard shard = hub.shard(connection.eventLoop);
        Subscription[] self = new Subscription[1];
        Runnable reindex = () -> shard.reindex(self[0]);
        self[0] = new Subscription(connection, request.filter(), agenda, () -> {
            if (agenda != null) {
                agenda.removeOnChange(reindex);
                agendas.close(agenda);
            }
        });
        if (agenda != null) {
            agenda.onChange(reindex);
        }
        shard.subscribe(self[0], request.lastEventId());
    }

    /** Ends the connection's subscription; {@code then} runs on its event loop once no event can follow. */
    public void unsubscribe(Connection connection, Runnable then) {
        hub.shard(connection.eventLoop).unsubscribe(connection, then);
    }

    /** The connection is closed (or was refused after {@link #admit}): frees its place and its subscription. */
    public void closed(Connection connection) {
        if (connection.release()) {
            hub.shard(connection.eventLoop).detach(connection);
            limits.closed(connection.address);
            metrics.closed(connection.transport);
        }
    }

    private static Throwable refusal(Throwable failure) {
        if (failure instanceof StreamRefused) {
            return failure;
        }
        if (failure instanceof AccessDenied denied) {
            return new StreamRefused(denied.status(), denied.getMessage(), "token");
        }
        if (failure instanceof NotFoundException) {
            return new StreamRefused(404, failure.getMessage(), "attendee");
        }
        LOG.error("Could not open a reminder stream", failure);
        return new StreamRefused(503, "The stream cannot be opened now; retry in a moment.", null);
    }
}
