package dev.onstage.schedule.clock;

import java.time.Instant;
import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import dev.onstage.schedule.events.OutboxDispatcher;
import dev.onstage.schedule.events.OutboxPlanner;
import dev.onstage.schedule.organizers.OrganizerIdentityProvider;
import dev.onstage.schedule.programme.IsoDateTime;
import dev.onstage.schedule.programme.ProgrammeTime;
import dev.onstage.problems.BadRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

@Path("/api/clock")
@Produces(MediaType.APPLICATION_JSON)
public class ClockResource {

    @Inject
    ProgrammeClock clock;

    @Inject
    OutboxPlanner planner;

    @Inject
    OutboxDispatcher dispatcher;

    public record ClockView(ClockState.Mode mode, double speed, Instant now, Instant replayFrom, Instant startedAt,
            int run) {
    }

    @Schema(description = "Real time, or a replay from 'replayFrom' at 'speed' (1 to 600). A replay without "
            + "'replayFrom' while replaying only changes the speed.")
    public record ClockChange(@NotNull ClockState.Mode mode,
            @JsonDeserialize(using = IsoDateTime.class) OffsetDateTime replayFrom,
            @DecimalMin("1") @DecimalMax("600") Double speed) {
    }

    @GET
    @Operation(summary = "The clock: mode, speed and current programme time")
    public ClockView get() {
        ClockSettings s = clock.settings();
        return new ClockView(s.mode(), s.speed(), clock.now(), s.replayFrom(), s.startedAt(), s.run());
    }

    @PUT
    @RolesAllowed(OrganizerIdentityProvider.ROLE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the clock (organizers): what is due is planned again, nothing is sent twice")
    public Uni<ClockView> set(@NotNull @Valid ClockChange change, @Context SecurityContext security) {
        if (change.replayFrom() != null && !ProgrammeTime.within(change.replayFrom().toInstant())) {
            throw new BadRequest("replayFrom", "'replayFrom' " + ProgrammeTime.outside(change.replayFrom()) + ".");
        }
        Uni<ClockSettings> set = clock.set(change.mode(),
                change.replayFrom() == null ? null : change.replayFrom().toInstant(),
                change.speed() == null ? 1 : change.speed(), security.getUserPrincipal().getName())
                .onFailure(IllegalArgumentException.class).transform(e -> new BadRequest("replayFrom", e.getMessage()));
        return set.call(planner::replan).invoke(dispatcher::wake).map(s -> get());
    }
}
