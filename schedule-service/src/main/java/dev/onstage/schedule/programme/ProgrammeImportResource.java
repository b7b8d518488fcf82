package dev.onstage.schedule.programme;

import java.io.ByteArrayInputStream;
import java.util.function.Supplier;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.onstage.problems.BadRequest;
import dev.onstage.schedule.organizers.OrganizerIdentityProvider;
import dev.onstage.schedule.programme.ProgrammeImporter.ImportReport;
import dev.onstage.schedule.programme.imports.C3vocJsonParser;
import dev.onstage.schedule.programme.imports.FrabXmlParser;
import dev.onstage.schedule.programme.imports.ImportedProgramme;
import dev.onstage.schedule.programme.imports.ListingTextParser;
import dev.onstage.schedule.programme.imports.TextLimits;
import dev.onstage.schedule.programme.imports.Texts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

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
    @Parameter(name = "year", in = ParameterIn.QUERY, description = "the programme's year, when the text does not "
            + "say it (1970 to 2100)", schema = @Schema(type = SchemaType.INTEGER, minimum = "1970", maximum = "2100"))
    @Parameter(name = "conference", in = ParameterIn.QUERY, description = "the conference's id (the text does not "
            + "name it), e.g. icml2022", schema = @Schema(type = SchemaType.STRING, pattern = CONFERENCE_ID))
    @Parameter(name = "name", in = ParameterIn.QUERY, description = "the conference's name, e.g. ICML 2022",
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 200))
    public Uni<ImportReport> importListing(String body, @Context UriInfo uri, @Context SecurityContext security) {
        // The parameters as written: JAX-RS would take "year=abc" for a 404 and "name=" for no name.
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        Integer year = year(query.getFirst("year"));
        String conference = query.getFirst("conference");
        if (conference != null && !conference.matches(CONFERENCE_ID)) {
            throw new BadRequest("conference", "'conference' must be 1-64 lower-case letters, digits or dashes, "
                    + "starting with a letter or digit; '" + conference + "' is not.");
        }
        String name = query.getFirst("name");
        if (name != null && (name.length() > 200 || !Texts.printable(name))) {
            throw new BadRequest("name", "'name' must be 1-200 characters, not blank, without control characters.");
        }
        return parseThenImport(() -> listing.parse(body, year).named(conference, name == null ? null : name.strip()),
                security);
    }

    static final String CONFERENCE_ID = "[a-z0-9][a-z0-9-]{0,63}";

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
                .invoke(TextLimits::refuseConference)
                .chain(programme -> importer.importProgramme(programme, security.getUserPrincipal().getName()));
    }
}
