package dev.onstage.schedule.problems;

import java.util.List;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.onstage.problems.CommonProblemMappers;
import dev.onstage.problems.Problem;
import dev.onstage.schedule.programme.imports.ProgrammeImportException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** This service's own failures as problem+json answers; the shared ones are in {@link CommonProblemMappers}. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response importRejected(ProgrammeImportException e) {
        return Problem.response(Response.Status.BAD_REQUEST, "The programme cannot be imported: " + e.getMessage(),
                e.where(), null);
    }

    // Quarkus maps its own subclass to a JSON report; name it so that ours, problem+json, is the closest match.
    @ServerExceptionMapper({ ConstraintViolationException.class, ResteasyReactiveViolationException.class })
    public Response invalid(ConstraintViolationException e) {
        List<String> errors = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted()
                .toList();
        return Problem.response(Response.Status.BAD_REQUEST, "The request is not valid.", null, errors);
    }

    @ServerExceptionMapper
    public Response conflict(Conflict e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized() {
        return Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED,
                "Organizer credentials are needed (HTTP Basic)."))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Onstage\"")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(Response.Status.FORBIDDEN, "This needs the organizer role.");
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
