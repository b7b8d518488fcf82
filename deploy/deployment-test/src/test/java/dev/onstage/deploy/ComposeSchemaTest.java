package dev.onstage.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;

/**
 * docker-compose.yml against the Compose Specification's JSON Schema, vendored in src/test/resources/schemas/compose-spec
 * (see the README there: where it comes from, its licence, what it does not know).
 */
class ComposeSchemaTest {

    private static final Schema COMPOSE_SPEC = load();

    @Test
    void dockerComposeYmlFollowsTheComposeSpecification() {
        List<String> errors = errors(Repo.yaml(Compose.FILE));
        assertTrue(errors.isEmpty(), "docker-compose.yml: " + errors);
    }

    @Test
    void theSchemaCatchesAMisspelledKey() {
        // Proves the schema is really applied: the same file with one healthcheck key misspelled must fail.
        ObjectNode broken = (ObjectNode) Repo.yaml(Compose.FILE);
        ObjectNode healthcheck = (ObjectNode) broken.path("services").path("postgres").path("healthcheck");
        healthcheck.set("intervall", healthcheck.remove("interval"));
        List<String> errors = errors(broken);
        assertFalse(errors.isEmpty(), "a healthcheck with 'intervall' passed the schema");
        assertTrue(errors.toString().contains("intervall"), errors.toString());
    }

    @Test
    void theSchemaCatchesAWrongCondition() {
        ObjectNode broken = (ObjectNode) Repo.yaml(Compose.FILE);
        ((ObjectNode) broken.path("services").path(ServiceConfig.SCHEDULE).path("depends_on").path("kafka"))
                .put("condition", "service_ready");
        assertEquals(false, errors(broken).isEmpty(), "condition service_ready passed the schema");
    }

    private static List<String> errors(JsonNode compose) {
        return COMPOSE_SPEC.validate(compose).stream().map(Error::toString).toList();
    }

    private static Schema load() {
        // The schema is draft 2019-09 but still carries draft-04 "id" keywords, which 2019-09 does not know (and this
        // validator refuses): 2019-09 with "id" as an annotation that has no effect.
        Dialect dialect = Dialect.builder(Dialects.getDraft201909().getId(), Dialects.getDraft201909())
                .keyword(new AnnotationKeyword("id"))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDialect(dialect,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        // Compose durations are "10s", "1m30s": not the ISO 8601 durations of JSON Schema's format.
                        .formatAssertionsEnabled(false)
                        .locale(Locale.ENGLISH)
                        .build()));
        try (InputStream in = ComposeSchemaTest.class.getResourceAsStream("/schemas/compose-spec/compose-spec.json")) {
            Schema schema = registry.getSchema(Repo.YAML.readTree(in));
            schema.initializeValidators();
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
