package dev.onstage.problems;

/** Input that cannot be used, with where it is wrong (e.g. the query parameter). */
public class BadRequest extends RuntimeException {

    private final String where;

    public BadRequest(String where, String message) {
        super(message);
        this.where = where;
    }

    public String where() {
        return where;
    }
}
