package dev.onstage.schedule.problems;

/** A request that contradicts the current state (e.g. two talks in one room at once). */
public class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message);
    }
}
