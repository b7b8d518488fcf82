package dev.onstage.notification.reminders;

import jakarta.ws.rs.core.Response.Status;

/**
 * Why a stream cannot be opened, as both transports tell it: SSE as a problem+json answer, WebSocket as an
 * {@code error} message (or, for 429, a close with 1013).
 *
 * @param where the parameter or field at fault, or null
 */
public class StreamRefused extends RuntimeException {

    private final int status;
    private final String where;

    StreamRefused(int status, String detail, String where) {
        super(detail, null, false, false);
        this.status = status;
        this.where = where;
    }

    public int status() {
        return status;
    }

    public String title() {
        return switch (status) {
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            default -> {
                Status known = Status.fromStatusCode(status);
                yield known == null ? "Error" : known.getReasonPhrase();
            }
        };
    }

    public String where() {
        return where;
    }
}
