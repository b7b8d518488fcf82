package dev.onstage.notification.problems;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.onstage.contract.problems.BadRequest;
import dev.onstage.contract.problems.Problem;
import dev.onstage.notification.agenda.AccessDenied;
import dev.onstage.notification.agenda.AttendeeCreations;
import dev.onstage.notification.agenda.KnownTalks;
import dev.onstage.notification.agenda.AttendeeResource.TooManyFavourites;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Turns every failure into a problem+json answer; only real server faults are 5xx, and those are logged. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response bad(BadRequest e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage(), e.where());
    }

    // Quarkus maps MismatchedInputException to its own JSON; naming it makes ours the closest match.
    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response badJson(JsonProcessingException e) {
        return Problem.response(Response.Status.BAD_REQUEST, "The JSON body cannot be read: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response denied(AccessDenied e) {
        Response problem = Problem.response(Response.Status.fromStatusCode(e.status()), e.getMessage());
        return e.status() == 401
                ? Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Onstage\"").build()
                : problem;
    }

    @ServerExceptionMapper
    public Response full(TooManyFavourites e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response tooMany(AttendeeCreations.TooManyRequests e) {
        return Response.fromResponse(Problem.response(Response.Status.TOO_MANY_REQUESTS, e.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response unknownTalk(KnownTalks.UnknownTalk e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage(), "talkId");
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
