package dev.onstage.schedule.events;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.onstage.contract.AsyncApi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;

/** The public Kafka interface, documented: the AsyncAPI document and the JSON Schemas it refers to. */
@Path("/")
public class AsyncApiResource {

    @GET
    @Path("asyncapi.yaml")
    @Produces("application/yaml")
    @Operation(summary = "AsyncAPI 3 document of the Kafka topics (talk-events, programme, talk-events-dlq)")
    public String asyncApi() {
        return AsyncApi.yaml();
    }

    @GET
    @Path("schemas/{name}")
    @Produces("application/schema+json")
    @Operation(summary = "A JSON Schema the AsyncAPI document refers to")
    public String schema(@PathParam("name") String name) {
        return AsyncApi.file("schemas/" + name)
                .orElseThrow(() -> new NotFoundException("There is no schema " + name + "."));
    }
}
