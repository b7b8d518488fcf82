package dev.onstage.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.onstage.deploy.Manifests.Doc;
import io.fabric8.kubernetes.schema.validator.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.Validator;

/**
 * The Kubernetes kinds under deploy/k8s against the Kubernetes OpenAPI definitions that fabric8's
 * kubernetes-model-validator carries (version managed by the Quarkus BOM): unknown or misspelled fields, wrong types,
 * missing required fields.
 *
 * <p>Not covered by a schema, because their CRD schemas are not available offline: Kafka, KafkaNodePool, KafkaTopic
 * (Strimzi), Cluster (CloudNativePG), Kustomization. Those get the structural checks of
 * {@link KubernetesManifestsTest#theOperatorResourcesHaveTheFieldsTheirOperatorsRequire()} instead.
 */
class KubernetesSchemaTest {

    /** The kinds the validator knows (the Kubernetes API's own). */
    private static final Set<String> BUILT_IN = Set.of("Namespace", "ConfigMap", "Service", "Deployment",
            "PodDisruptionBudget", "HorizontalPodAutoscaler");

    private static final Validator VALIDATOR = Validator.newInstance();

    @Test
    void everyKubernetesObjectFollowsTheKubernetesApiSchema() {
        List<String> errors = new ArrayList<>();
        for (Doc doc : Manifests.load().resources()) {
            if (BUILT_IN.contains(doc.kind())) {
                errors(doc.node()).forEach(e -> errors.add(doc + ": " + e));
            }
        }
        assertTrue(errors.isEmpty(), String.join("\n", errors));
    }

    @Test
    void everyKindWeUseIsCheckedByTheSchema() {
        // A misspelled field must fail for each kind: proves the validator has (and applies) a schema for it.
        Set<String> checked = new TreeSet<>();
        for (Doc doc : Manifests.load().resources()) {
            if (!BUILT_IN.contains(doc.kind()) || checked.contains(doc.kind())) {
                continue;
            }
            ObjectNode broken = doc.node().deepCopy();
            ((ObjectNode) broken.path("metadata")).put("nmae", doc.name());
            List<String> errors = errors(broken);
            assertFalse(errors.isEmpty(), doc.kind() + ": a misspelled metadata field passed the schema");
            assertTrue(errors.toString().contains("nmae"), errors.toString());
            checked.add(doc.kind());
        }
        assertTrue(checked.containsAll(Set.of("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler")),
                "kinds checked: " + checked);
    }

    @Test
    void theSchemaCatchesAMistakeInAProbe() {
        Doc deployment = Manifests.load().one("Deployment", ServiceConfig.SCHEDULE);
        ObjectNode broken = deployment.node().deepCopy();
        ObjectNode probe = (ObjectNode) broken.path("spec").path("template").path("spec").path("containers").path(0)
                .path("readinessProbe");
        probe.put("periodSecond", 5);
        assertFalse(errors(broken).isEmpty(), "readinessProbe.periodSecond passed the schema");
    }

    /**
     * The validator's errors, less one false alarm: the generated OpenAPI declares IntOrString (a PDB's minAvailable,
     * a probe's port) as a string only, while the API server accepts an integer there too.
     */
    private static List<String> errors(JsonNode node) {
        List<String> errors = new ArrayList<>();
        for (ValidationMessage message : VALIDATOR.validate(node).getMessages()) {
            if (message.getLevel() != ValidationMessage.Level.ERROR) {
                continue;
            }
            if (String.valueOf(message.getSchema()).endsWith("IntOrString")
                    && message.getMessage().contains("Instance type (integer)")) {
                continue;
            }
            errors.add(message.getSchema() + " " + message.getMessage());
        }
        return errors;
    }
}
