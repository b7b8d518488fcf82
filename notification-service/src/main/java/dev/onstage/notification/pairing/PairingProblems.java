package dev.onstage.notification.pairing;

import java.time.Instant;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.onstage.problems.Problem;
import jakarta.ws.rs.core.Response;

/** Pairing's own failures as problem+json; everything else goes through ProblemMappers. */
public class PairingProblems {

    /** No such code: never issued, or used already (a used code is deleted). */
    public static class UnknownCode extends RuntimeException {
        UnknownCode() {
            super("This pairing code is unknown or was used already: show a new one on the device that is signed in.");
        }
    }

    /** The code was issued but its time is over. */
    public static class ExpiredCode extends RuntimeException {
        ExpiredCode(Instant expiredAt) {
            super("This pairing code expired at " + expiredAt + ": show a new one on the device that is signed in.");
        }
    }

    /** The attendee is signed in on as many devices as allowed. */
    public static class TooManyDevices extends RuntimeException {
        TooManyDevices(int max) {
            super("This attendee is signed in on " + max + " devices, the most allowed; no more can be paired.");
        }
    }

    @ServerExceptionMapper
    public Response unknown(UnknownCode e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage(), "code");
    }

    @ServerExceptionMapper
    public Response expired(ExpiredCode e) {
        return Problem.response(Response.Status.GONE, e.getMessage(), "code");
    }

    @ServerExceptionMapper
    public Response full(TooManyDevices e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }
}
