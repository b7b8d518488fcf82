package dev.onstage.schedule.problems;

import java.util.List;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.onstage.schedule.programme.imports.ProgrammeImportException;
import dev.onstage.contract.problems.BadRequest;
import dev.onstage.contract.problems.Problem;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Turns every failure into a problem+json answer; only real server faults are 5xx, and those are logged. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

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
    public Response bad(BadRequest e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage(), e.where(), null);
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

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
