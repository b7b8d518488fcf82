package dev.onstage.problems;

import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The failures every service answers the same way, as problem+json: a {@link BadRequest}, a body that is not JSON or
 * not the expected shape, what Quarkus itself refuses (404, 405, 415, ...) and anything unexpected (500, logged). Each
 * service adds its own mappers for its own exceptions.
 */
public class CommonProblemMappers {

    private static final Logger LOG = Logger.getLogger(CommonProblemMappers.class);

    @ServerExceptionMapper
    public Response bad(BadRequest e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage(), e.where(), null);
    }

    // Quarkus maps MismatchedInputException to its own JSON; naming it makes ours the closest match.
    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response badJson(JsonProcessingException e) {
        String where = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            where = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                    .collect(Collectors.joining("."));
        } else if (e.getLocation() != null) {
            where = "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        }
        return Problem.response(Response.Status.BAD_REQUEST, "The JSON body cannot be read: " + e.getOriginalMessage(),
                where, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        // Quarkus wraps a body that is not JSON at all in a bare 400: say what is wrong with it.
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            LOG.error("Request failed", e);
        }
        String detail = Problem.clearDetail(status.getStatusCode(), e.getMessage(), request.getMethod(),
                request.getUriInfo().getPath(), e.getResponse().getAllowedMethods());
        Response problem = Problem.response(status, detail);
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        return allow == null ? problem : Response.fromResponse(problem).header(HttpHeaders.ALLOW, allow).build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure", e);
        return Problem.response(Response.Status.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; it has been logged.");
    }
}
