package dev.onstage.contract.problems;

import java.net.URI;
import java.util.List;

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

    public static Response response(Response.StatusType status, String detail, String where, List<String> errors) {
        Problem problem = new Problem(URI.create("about:blank"), status.getReasonPhrase(), status.getStatusCode(),
                detail, where, errors);
        return Response.status(status).type(MEDIA_TYPE).entity(problem).build();
    }
}
