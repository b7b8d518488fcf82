package dev.onstage.problems;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 (formerly 7807) problem detail: every error both services answer is one of these, with
 * {@code application/problem+json}. Part of the public interface, like the events, so it is defined once here.
 *
 * @param where for input errors, where in the input it is wrong (a parameter, a line, a JSON pointer)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String where, List<String> errors) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    public static Response response(Response.StatusType status, String detail) {
        return response(status, detail, null, null);
    }

    public static Response response(Response.StatusType status, String detail, String where) {
        return response(status, detail, where, null);
    }

    /**
     * A detail that says what was wrong, for the texts the framework writes when nothing more specific was said
     * ("HTTP 404 Not Found", "HTTP 405 Method Not Allowed", "Unable to find matching target resource method");
     * any other message is kept.
     *
     * @param allowed the methods the resource allows (for a 405), may be empty
     */
    public static String clearDetail(int status, String message, String method, String path, Collection<String> allowed) {
        boolean generic = message == null || message.isBlank() || message.matches("HTTP \\d{3}( .*)?")
                || message.startsWith("Unable to find matching target resource method");
        if (!generic) {
            return message;
        }
        return switch (status) {
            case 404 -> "There is nothing at " + path + ".";
            case 405 -> method + " is not allowed on " + path + (allowed.isEmpty() ? "."
                    : "; it allows " + String.join(", ", new TreeSet<>(allowed)) + ".");
            default -> message == null || message.isBlank() ? "The request cannot be served." : message;
        };
    }

    public static Problem of(Response.StatusType status, String detail, String where, List<String> errors) {
        return new Problem(URI.create("about:blank"), status.getReasonPhrase(), status.getStatusCode(), detail, where,
                errors);
    }

    public static Response response(Response.StatusType status, String detail, String where, List<String> errors) {
        return Response.status(status).type(MEDIA_TYPE).entity(of(status, detail, where, errors)).build();
    }
}
