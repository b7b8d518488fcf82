package dev.onstage.schedule.programme;

import java.io.ByteArrayInputStream;
import java.util.function.Supplier;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.onstage.contract.problems.BadRequest;
import dev.onstage.schedule.organizers.OrganizerIdentityProvider;
import dev.onstage.schedule.programme.ProgrammeImporter.ImportReport;
import dev.onstage.schedule.programme.imports.C3vocJsonParser;
import dev.onstage.schedule.programme.imports.FrabXmlParser;
import dev.onstage.schedule.programme.imports.ImportedProgramme;
import dev.onstage.schedule.programme.imports.ListingTextParser;
import dev.onstage.schedule.programme.imports.Texts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** Organizers import a whole programme, in the format their conference tool exports. */
@Path("/api/programme")
@RolesAllowed(OrganizerIdentityProvider.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class ProgrammeImportResource {

    @Inject
    ListingTextParser listing;

    @Inject
    FrabXmlParser frab;

    @Inject
    C3vocJsonParser c3voc;

    @Inject
    ProgrammeImporter importer;

    @Inject
    Vertx vertx;

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(summary = "Import a conference-site listing (text)",
            description = "A session header, then per talk a time line such as 'Thu 21 July 7:30 - 7:35 PDT', the "
                    + "title, the authors separated by ' · ', the abstract. The year is taken from 'year' or "
                    + "inferred from the weekday; the report says which.")
    public Uni<ImportReport> importListing(String body,
            @Parameter(description = "the programme's year, when the text does not say it (1970 to 2100)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1970", maximum = "2100"))
            @QueryParam("year") String year,
            @Parameter(description = "the conference's id (the text does not name it), e.g. icml2022")
            @QueryParam("conference") @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "must be 1-64 lower-case letters, digits or dashes") String conference,
            @Parameter(description = "the conference's name, e.g. ICML 2022")
            @QueryParam("name") @Size(min = 1, max = 200) @Pattern(regexp = Texts.PRINTABLE, message = Texts.PRINTABLE_MESSAGE) String name,
            @Context SecurityContext security) {
        Integer givenYear = year(year);
        return parseThenImport(() -> listing.parse(body, givenYear).named(conference, name), security);
    }

    /**
     * The year parameter, parsed here: a query parameter that JAX-RS cannot convert would be answered 404, which says
     * nothing about the mistake.
     */
    private static Integer year(String year) {
        if (year == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(year.strip());
            if (value >= 1970 && value <= 2100) {
                return value;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadRequest("year", "'year' must be a year from 1970 to 2100; '" + year + "' is not one.");
    }

    @POST
    @Consumes({ MediaType.APPLICATION_XML, MediaType.TEXT_XML })
    @Operation(summary = "Import a frab / Pentabarf schedule XML")
    public Uni<ImportReport> importFrab(byte[] body, @Context SecurityContext security) {
        return parseThenImport(() -> frab.parse(new ByteArrayInputStream(body)), security);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import a c3voc schedule JSON (as exported by frab and pretalx)")
    public Uni<ImportReport> importC3voc(byte[] body, @Context SecurityContext security) {
        return parseThenImport(() -> c3voc.parse(new ByteArrayInputStream(body)), security);
    }

    private Uni<ImportReport> parseThenImport(Supplier<ImportedProgramme> parse, SecurityContext security) {
        // Parsing a large programme takes a while: keep it off the event loop.
        return vertx.executeBlocking(Uni.createFrom().item(parse))
                .chain(programme -> importer.importProgramme(programme, security.getUserPrincipal().getName()));
    }
}
