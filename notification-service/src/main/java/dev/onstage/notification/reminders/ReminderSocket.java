package dev.onstage.notification.reminders;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.onstage.contract.problems.BadRequest;
import dev.onstage.notification.agenda.AccessDenied;
import dev.onstage.notification.agenda.AttendeeTokens;
import dev.onstage.notification.reminders.ReminderMetrics.Transport;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;
import jakarta.ws.rs.NotFoundException;

/**
 * Talk events over WebSocket (docs/reminders.md). The client sends {@code subscribe} / {@code unsubscribe} messages;
 * the server answers {@code subscribed}, then events ({@code id}, {@code type} and the event's data fields), a
 * {@code reset} when a resume cannot be exact, and {@code error} messages for bad input, which leave the connection
 * open. Pings come from Quarkus ({@code quarkus.websockets-next.server.auto-ping-interval}); a message over
 * {@code quarkus.websockets-next.server.max-message-size} closes the connection with 1009.
 */
@WebSocket(path = "/ws/reminders")
public class ReminderSocket {

    /** What a client may send. */
    record ClientMessage(String action, List<String> talk, List<String> room, List<String> session,
            List<String> speaker, List<String> type, String lastEventId, String attendee, String token) {
    }

    /**
     * "Try again later": the close code both when the client did not read fast enough (it may reconnect and resume)
     * and when its address has too many connections.
     */
    static final int TRY_AGAIN_LATER = 1013;
    static final int MESSAGE_TOO_BIG = 1009;

    private static final Logger LOG = Logger.getLogger(ReminderSocket.class);

    private final ReminderStreams streams;
    private final AttendeeTokens tokens;
    private final ConnectionLimits limits;
    private final ReminderMetrics metrics;
    private final ObjectMapper json;
    private final ObjectReader messages;
    private final int maxFilters;
    private final int maxMessageChars;
    private final Map<String, Cancellable> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, String> counted = new ConcurrentHashMap<>();

    ReminderSocket(ReminderStreams streams, AttendeeTokens tokens, ConnectionLimits limits, ReminderMetrics metrics, ObjectMapper json,
            @ConfigProperty(name = "onstage.reminders.max-filters") int maxFilters,
            @ConfigProperty(name = "onstage.reminders.ws.max-message-chars") int maxMessageChars) {
        this.streams = streams;
        this.tokens = tokens;
        this.limits = limits;
        this.metrics = metrics;
        this.json = json;
        this.messages = json.readerFor(ClientMessage.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // One JSON object per message: '{"action":"subscribe"}}' is not one.
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        this.maxFilters = maxFilters;
        this.maxMessageChars = maxMessageChars;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        String address = address(connection);
        if (!limits.tryOpen(address)) {
            metrics.refused(Transport.WEBSOCKET);
            return connection.close(new CloseReason(TRY_AGAIN_LATER, "Too many connections from " + address));
        }
        counted.put(connection.id(), address);
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    public Uni<Void> message(String text, WebSocketConnection connection) {
        if (text.length() > maxMessageChars) {
            return error(connection, 413, "Payload Too Large",
                    "A message has at most " + maxMessageChars + " characters; this one has " + text.length() + ".",
                    null);
        }
        ClientMessage message;
        try {
            message = messages.readValue(text);
        } catch (UnrecognizedPropertyException e) {
            return error(connection, 400, "Bad Request", "Unknown field '" + e.getPropertyName() + "'; known: "
                    + "action, talk, room, session, speaker, type, lastEventId, attendee, token.", e.getPropertyName());
        } catch (JsonMappingException e) {
            String where = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            return error(connection, 400, "Bad Request", "The message is not a valid JSON object: "
                    + e.getOriginalMessage(), where);
        } catch (Exception e) {
            return error(connection, 400, "Bad Request", "The message is not JSON.", null);
        }
        if (message == null || message.action() == null) {
            return error(connection, 400, "Bad Request", "A message needs an action: subscribe or unsubscribe.",
                    "action");
        }
        return switch (message.action()) {
            case "subscribe" -> subscribe(connection, message);
            case "unsubscribe" -> {
                cancel(connection);
                yield connection.sendText(json.createObjectNode().put("type", "unsubscribed").toString());
            }
            default -> error(connection, 400, "Bad Request",
                    "Unknown action '" + message.action() + "'; known: subscribe, unsubscribe.", "action");
        };
    }

    /** The protocol is JSON text: a binary message gets an error, and the connection stays open. */
    @OnBinaryMessage
    public Uni<Void> binary(Buffer data, WebSocketConnection connection) {
        return error(connection, 415, "Unsupported Media Type", "Messages are JSON text; a binary message ("
                + data.length() + " bytes) cannot be used.", null);
    }

    /**
     * Vert.x fails the connection with an IllegalStateException when a message grows over max-message-size (it may
     * come in many frames): that is the hard limit, closed with 1009 as RFC 6455 says. Anything else: 1011.
     */
    @OnError
    public Uni<Void> failed(IllegalStateException failure, WebSocketConnection connection) {
        if (String.valueOf(failure.getMessage()).contains("max message size")) {
            LOG.debugf("Closing WebSocket %s: %s", connection.id(), failure.getMessage());
            return connection.close(new CloseReason(MESSAGE_TOO_BIG, "Message too big"));
        }
        LOG.warnf(failure, "WebSocket %s failed", connection.id());
        return connection.close(new CloseReason(1011, "Unexpected failure"));
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        cancel(connection);
        String address = counted.remove(connection.id());
        if (address != null) {
            limits.closed(address);
        }
    }

    private Uni<Void> subscribe(WebSocketConnection connection, ClientMessage message) {
        ReminderFilter filter;
        UUID attendee;
        try {
            filter = ReminderFilter.of(message.talk(), message.room(), message.session(), message.speaker(),
                    message.type(), maxFilters);
            attendee = message.attendee() == null ? null : AttendeeTokens.attendeeId(message.attendee(), "attendee");
        } catch (BadRequest e) {
            return error(connection, 400, "Bad Request", e.getMessage(), e.where());
        }
        // A new subscription replaces the old one; pass lastEventId to change filters without a gap.
        cancel(connection);
        Uni<UUID> checked = attendee == null ? Uni.createFrom().nullItem() : tokens.check(attendee, message.token());
        return checked.invoke(ok -> {
            Cancellable subscription = streams.open(Transport.WEBSOCKET, filter, message.lastEventId(), attendee)
                    .onItem().transformToUniAndConcatenate(frame -> send(connection, frame))
                    .subscribe().with(ignored -> { }, failure -> failed(connection, failure));
            subscriptions.put(connection.id(), subscription);
        }).replaceWithVoid()
                .onFailure(AccessDenied.class).recoverWithUni(denied -> error(connection,
                        ((AccessDenied) denied).status(),
                        ((AccessDenied) denied).status() == 401 ? "Unauthorized" : "Forbidden", denied.getMessage(),
                        "token"))
                .onFailure(NotFoundException.class).recoverWithUni(notFound -> error(connection, 404, "Not Found",
                        notFound.getMessage(), "attendee"));
    }

    private Uni<Void> send(WebSocketConnection connection, Frame frame) {
        if (frame instanceof Frame.Event event) {
            return connection.sendText(event.reminder().socketText())
                    .invoke(() -> metrics.delivered(Transport.WEBSOCKET, event));
        }
        ObjectNode message = json.createObjectNode();
        if (frame instanceof Frame.Reset reset) {
            message.put("type", "reset").put("reason", "history-exceeded").put("lastEventId", reset.lastEventId());
        } else {
            message.put("type", "subscribed");
        }
        return connection.sendText(message.toString());
    }

    private void failed(WebSocketConnection connection, Throwable failure) {
        if (failure instanceof BackPressureFailure) {
            LOG.debugf("Closing WebSocket %s: the client does not keep up", connection.id());
            connection.close(new CloseReason(TRY_AGAIN_LATER, "Too slow: reconnect and resume with the last id"))
                    .subscribe().with(ignored -> { }, ignored -> { });
        } else if (connection.isOpen()) {
            LOG.warnf(failure, "WebSocket %s: the subscription failed", connection.id());
            error(connection, 500, "Internal Server Error", "The subscription failed; subscribe again.", null)
                    .subscribe().with(ignored -> { }, ignored -> { });
        }
    }

    private void cancel(WebSocketConnection connection) {
        Cancellable subscription = subscriptions.remove(connection.id());
        if (subscription != null) {
            subscription.cancel();
        }
    }

    /** An error message, shaped like the problem+json of the HTTP API, plus {@code type: error}. */
    private Uni<Void> error(WebSocketConnection connection, int status, String title, String detail, String where) {
        ObjectNode message = json.createObjectNode().put("type", "error").put("status", status).put("title", title)
                .put("detail", detail);
        if (where != null) {
            message.put("where", where);
        }
        return connection.sendText(message.toString());
    }

    private static String address(WebSocketConnection connection) {
        String remote = connection.handshakeRequest().remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        // host:port, with [..] around IPv6 hosts
        int colon = remote.lastIndexOf(':');
        return colon > 0 ? remote.substring(0, colon) : remote;
    }
}
