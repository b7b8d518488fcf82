package dev.onstage.schedule.programme;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.onstage.problems.BadRequest;
import dev.onstage.schedule.clock.ProgrammeClock;
import dev.onstage.schedule.organizers.OrganizerIdentityProvider;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/**
 * What organizers do to talks during the conference. Rooted at /api like {@link ProgrammeResource}: JAX-RS
 * picks one resource class per path, and the public GET /api/talks/{id} lives there.
 */
@Path("/api")
@RolesAllowed(OrganizerIdentityProvider.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class OrganizerTalkResource {

    @Inject
    ProgrammeEditor editor;

    @Inject
    ProgrammeClock clock;

    @PATCH
    @Path("/talks/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move, cancel or restore a talk")
    public Uni<TalkView> change(@PathParam("id") String id, @NotNull @Valid TalkChange change,
            @Context SecurityContext security) {
        return editor.change(id, change, security.getUserPrincipal().getName());
    }

    @POST
    @Path("/talks/{id}/started")
    @Operation(summary = "The talk started now (programme time) or at 'at'; later talks of its session shift by the same delay")
    @Parameter(name = "shiftFollowing", in = ParameterIn.QUERY, description = "shift the later talks of the session by "
            + "the same delay (true or false; default true)", schema = @Schema(type = SchemaType.BOOLEAN))
    @Parameter(name = "at", in = ParameterIn.QUERY, description = "when it started (ISO-8601), if not now",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    public Uni<TalkView> started(@PathParam("id") String id, @Context UriInfo uri, @Context SecurityContext security) {
        return editor.startedOrEnded(id, true, when(uri), shiftFollowing(uri), security.getUserPrincipal().getName());
    }

    @POST
    @Path("/talks/{id}/ended")
    @Operation(summary = "The talk ended now (programme time) or at 'at'; later talks of its session shift by the same delay")
    @Parameter(name = "shiftFollowing", in = ParameterIn.QUERY, description = "shift the later talks of the session by "
            + "the same delay (true or false; default true)", schema = @Schema(type = SchemaType.BOOLEAN))
    @Parameter(name = "at", in = ParameterIn.QUERY, description = "when it ended (ISO-8601), if not now",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    public Uni<TalkView> ended(@PathParam("id") String id, @Context UriInfo uri, @Context SecurityContext security) {
        return editor.startedOrEnded(id, false, when(uri), shiftFollowing(uri), security.getUserPrincipal().getName());
    }

    /**
     * The parameters are read as written: JAX-RS would take {@code at=} for no parameter (now) and any word but "true"
     * for false, and then move talks on a typo.
     */
    private Instant when(UriInfo uri) {
        String at = uri.getQueryParameters().getFirst("at");
        return at == null ? clock.now() : ProgrammeResource.instant("at", at);
    }

    private static boolean shiftFollowing(UriInfo uri) {
        String value = uri.getQueryParameters().getFirst("shiftFollowing");
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new BadRequest("shiftFollowing", "'shiftFollowing' must be true or false; '" + value + "' is neither.");
    }
}
