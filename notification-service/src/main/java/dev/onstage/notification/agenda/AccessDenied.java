package dev.onstage.notification.agenda;

/** A request for an attendee's agenda without that attendee's token: 401 (no token) or 403 (another's). */
public class AccessDenied extends RuntimeException {

    private final int status;

    private AccessDenied(int status, String message) {
        super(message);
        this.status = status;
    }

    static AccessDenied noToken() {
        return new AccessDenied(401, "The attendee's token is needed (Authorization: Bearer <token>).");
    }

    static AccessDenied notYours() {
        return new AccessDenied(403, "This token does not belong to this attendee.");
    }

    static AccessDenied badTicket() {
        return new AccessDenied(401, "This stream ticket is unknown, used or expired: get a new one "
                + "(POST /api/stream-tickets?attendee=<id>).");
    }

    public int status() {
        return status;
    }
}
