package dev.onstage.notification.problems;

import java.net.URI;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail, answered with {@code application/problem+json}.
 *
 * @param where for input errors, where in the input it is wrong (e.g. the query parameter)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String where) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    public static Response response(Response.StatusType status, String detail, String where) {
        Problem problem = new Problem(URI.create("about:blank"), status.getReasonPhrase(), status.getStatusCode(),
                detail, where);
        return Response.status(status).type(MEDIA_TYPE).entity(problem).build();
    }
}
