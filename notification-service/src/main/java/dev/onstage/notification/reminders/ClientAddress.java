package dev.onstage.notification.reminders;

import io.vertx.core.http.HttpServerRequest;

/**
 * The client's address that per-address limits count (open streams, attendee creations). Quarkus resolves it: the TCP
 * peer, or, only when {@code quarkus.http.proxy.proxy-address-forwarding} is on and the peer is one of
 * {@code quarkus.http.proxy.trusted-proxies}, the first address of {@code X-Forwarded-For}. A client that sends that
 * header itself, directly or through a proxy that is not trusted, does not choose its address (issue 15, item 6).
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
