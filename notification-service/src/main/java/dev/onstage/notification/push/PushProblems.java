package dev.onstage.notification.push;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.onstage.problems.Problem;
import jakarta.ws.rs.core.Response;

/** The push API's own failures as problem+json; everything else goes through ProblemMappers. */
public class PushProblems {

    @ServerExceptionMapper
    public Response tooMany(TooManyDevices e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }
}
