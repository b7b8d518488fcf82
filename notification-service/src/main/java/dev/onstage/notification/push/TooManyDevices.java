package dev.onstage.notification.push;

/** The attendee already has the most devices allowed; answered 409 like a full agenda. */
public class TooManyDevices extends RuntimeException {

    TooManyDevices(int max) {
        super("An attendee has at most " + max + " push devices; remove one first (DELETE with its endpoint).");
    }
}
