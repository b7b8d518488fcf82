package dev.onstage.notification.problems;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.onstage.contract.problems.BadRequest;
import dev.onstage.contract.problems.Problem;
import jakarta.ws.rs.core.Response;

/** Turns input errors into problem+json answers. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response bad(BadRequest e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage(), e.where());
    }
}
