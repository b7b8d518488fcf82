package dev.onstage.notification.reminders;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /ws/reminders}: talk events over WebSocket (docs/reminders.md), the transport adapter of
 * {@link ReminderStreams}. The client sends {@code subscribe} / {@code unsubscribe} messages; the server answers
 * {@code subscribed}, then events, a {@code reset} when a resume cannot be exact, and {@code error} messages for bad
 * input, which leave the connection open. A plain Vert.x WebSocket, so that the core writes each event's frame, built
 * once, straight to every connection; its pings come from the core too, one timer per event loop.
 */
@ApplicationScoped
public class ReminderSocket {

    static final String PATH = "/ws/reminders";

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
    private final ObjectReader messages;
    private final int maxMessageChars;
    private final int maxMessageBytes;
    /** How long a dropped client has to read its close frame before its connection is closed under it. */
    private final long dropGraceMillis;

    ReminderSocket(ReminderStreams streams, ObjectMapper json, RemindersConfig config,
            // Quarkus' own setting, not ours: read where it is used.
            @ConfigProperty(name = "quarkus.http.idle-timeout") Duration idleTimeout) {
        this.streams = streams;
        this.messages = json.readerFor(ClientMessage.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // One JSON object per message: '{"action":"subscribe"}}' is not one.
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        this.maxMessageChars = config.ws().maxMessageChars();
        this.maxMessageBytes = config.ws().maxMessageSize();
        this.dropGraceMillis = idleTimeout.toMillis();
    }

    void route(@Observes Router router) {
        router.get(PATH).handler(this::upgrade);
    }

    private void upgrade(RoutingContext context) {
        if (!"websocket".equalsIgnoreCase(context.request().getHeader(HttpHeaders.UPGRADE))) {
            context.response().setStatusCode(426).putHeader(HttpHeaders.UPGRADE, "websocket")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .end(new JsonObject().put("type", "about:blank").put("title", "Upgrade Required")
                            .put("status", 426).put("detail", PATH + " is a WebSocket: connect with a WebSocket client "
                                    + "(docs/reminders.md).").encode());
            return;
        }
        if (!(context.request().connection() instanceof ConnectionBase connection)) {
            // Not HTTP/1.1 (WebSocket over HTTP/2 is not offered)
            context.response().setStatusCode(505).end();
            return;
        }
        // The client's address as Quarkus resolved it (X-Forwarded-For only from trusted proxies); the WebSocket's
        // own remoteAddress() is always the TCP peer, which behind an Ingress is the proxy.
        String address = ClientAddress.of(context.request());
        context.request().toWebSocket().onSuccess(socket -> opened(socket, connection.channel(), address))
                .onFailure(failure -> LOG.debugf("WebSocket handshake failed: %s", failure.toString()));
    }

    private void opened(ServerWebSocket socket, Channel channel, String address) {
        try {
            streams.admit(Transport.WEBSOCKET, address);
        } catch (StreamRefused refused) {
            socket.close((short) TRY_AGAIN_LATER, "Too many connections from " + address);
            return;
        }
        Client client = new Client(socket, channel, address);
        socket.closeHandler(ignored -> streams.closed(client));
        socket.exceptionHandler(failure -> LOG.debugf("WebSocket from %s failed: %s", address, failure.toString()));
        socket.frameHandler(client::frame);
        streams.keepAlive(client);
    }

    /** One WebSocket: the connection the core writes to, and the messages its client sends. */
    private final class Client extends Connection.OnChannel {

        private final ServerWebSocket socket;
        private Buffer message;
        private boolean binary;

        Client(ServerWebSocket socket, Channel channel, String address) {
            super(Transport.WEBSOCKET, channel, channel.pipeline().context(WebSocketFrameEncoder.class), address,
                    streams.clientBuffer());
            this.socket = socket;
        }

        /** Gathers a message's frames, within the hard limit, which closes the connection with 1009 (RFC 6455). */
        void frame(WebSocketFrame frame) {
            if (frame.isText() || frame.isBinary()) {
                message = Buffer.buffer();
                binary = frame.isBinary();
            } else if (!frame.isContinuation() || message == null) {
                return;
            }
            message.appendBuffer(frame.binaryData());
            if (message.length() > maxMessageBytes) {
                message = null;
                socket.close((short) MESSAGE_TOO_BIG, "Message too big");
                return;
            }
            if (frame.isFinal()) {
                Buffer whole = message;
                message = null;
                if (binary) {
                    // The protocol is JSON text: a binary message gets an error, and the connection stays open.
                    reply(error(new StreamRefused(415, "Messages are JSON text; a binary message (" + whole.length()
                            + " bytes) cannot be used.", null)));
                } else {
                    text(whole);
                }
            }
        }

        private void text(Buffer bytes) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(bytes.getByteBuf().nioBuffer()).toString();
            } catch (CharacterCodingException e) {
                reply(error(new StreamRefused(400, "The message is not UTF-8 text.", null)));
                return;
            }
            if (text.length() > maxMessageChars) {
                reply(error(new StreamRefused(413, "A message has at most " + maxMessageChars
                        + " characters; this one has " + text.length() + ".", null)));
                return;
            }
            ClientMessage sent;
            try {
                sent = read(text);
            } catch (StreamRefused refused) {
                reply(error(refused));
                return;
            }
            switch (sent.action()) {
                case "subscribe" -> subscribe(sent);
                case "unsubscribe" -> streams.unsubscribe(this, () -> reply(WebSocketFrames.UNSUBSCRIBED));
                default -> reply(error(new StreamRefused(400, "Unknown action '" + sent.action()
                        + "'; known: subscribe, unsubscribe.", "action")));
            }
        }

        private void subscribe(ClientMessage sent) {
            ReminderStreams.Request request;
            try {
                request = streams.request(sent.talk(), sent.room(), sent.session(), sent.speaker(), sent.type(),
                        sent.lastEventId(), sent.attendee(), sent.token());
            } catch (StreamRefused refused) {
                reply(error(refused));
                return;
            }
            // A new subscription replaces the old one at once; pass lastEventId to change filters without a gap.
            streams.unsubscribe(this, () -> { });
            streams.subscribe(this, request).subscribe().with(ignored -> { },
                    failure -> eventLoop.execute(() -> reply(error((StreamRefused) failure))));
        }

        /** A control message, written and flushed at once (on this connection's event loop). */
        private void reply(io.netty.buffer.ByteBuf frame) {
            sendAnyway(frame);
            flushIfWritten();
        }

        @Override
        protected void keepAlive() {
            // Through the whole pipeline (the frame encoder lets raw bytes pass), so the idle timeout sees it.
            channel.writeAndFlush(WebSocketFrames.PING.duplicate(), channel.voidPromise());
        }

        @Override
        protected void drop() {
            LOG.debugf("Closing a WebSocket from %s: the client does not keep up", address);
            socket.close((short) TRY_AGAIN_LATER, "Too slow: reconnect and resume with the last id");
            // The close frame waits behind what the client never read. If it is still there after the idle timeout, end
            // the TCP connection: a client that stopped reading must not hold a socket and its queue for ever (the
            // pings written to it before the drop kept the idle timeout from doing it).
            channel.eventLoop().schedule(() -> channel.close(), dropGraceMillis, TimeUnit.MILLISECONDS);
        }
    }

    private ClientMessage read(String text) {
        ClientMessage message;
        try {
            message = messages.readValue(text);
        } catch (UnrecognizedPropertyException e) {
            throw new StreamRefused(400, "Unknown field '" + e.getPropertyName() + "'; known: "
                    + "action, talk, room, session, speaker, type, lastEventId, attendee, token.", e.getPropertyName());
        } catch (JsonMappingException e) {
            String where = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw new StreamRefused(400, "The message is not a valid JSON object: " + e.getOriginalMessage(), where);
        } catch (Exception e) {
            throw new StreamRefused(400, "The message is not JSON.", null);
        }
        if (message == null || message.action() == null) {
            throw new StreamRefused(400, "A message needs an action: subscribe or unsubscribe.", "action");
        }
        return message;
    }

    /** An error message, shaped like the problem+json of the HTTP API, plus {@code type: error}. */
    private static io.netty.buffer.ByteBuf error(StreamRefused refused) {
        JsonObject message = new JsonObject().put("type", "error").put("status", refused.status())
                .put("title", refused.title()).put("detail", refused.getMessage());
        if (refused.where() != null) {
            message.put("where", refused.where());
        }
        return WebSocketFrames.text(message.encode());
    }
}
