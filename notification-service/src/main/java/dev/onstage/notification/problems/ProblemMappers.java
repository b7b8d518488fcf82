package dev.onstage.notification.problems;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.onstage.notification.agenda.AccessDenied;
import dev.onstage.notification.agenda.AttendeeResource.TooManyFavourites;
import dev.onstage.problems.CommonProblemMappers;
import dev.onstage.problems.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** This service's own failures as problem+json answers; the shared ones are in {@link CommonProblemMappers}. */
public class ProblemMappers {

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
}
