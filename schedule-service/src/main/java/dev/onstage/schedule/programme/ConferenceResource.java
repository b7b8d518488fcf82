package dev.onstage.schedule.programme;

import java.util.List;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/conferences")
@Produces(MediaType.APPLICATION_JSON)
public class ConferenceResource {

    @GET
    @WithSession
    public Uni<List<Conference>> list() {
        return Conference.listAll();
    }
}
