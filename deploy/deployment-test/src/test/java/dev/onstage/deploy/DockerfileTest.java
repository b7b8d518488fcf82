package dev.onstage.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each service's Dockerfile.jvm against its build: the fast-jar layout, the Java release, the port it listens on. */
class DockerfileTest {

    private static final String DOCKERFILE = "src/main/docker/Dockerfile.jvm";

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void theBaseImageRunsTheJavaReleaseWeCompileFor(String name) {
        List<String> from = instructions(name, "FROM");
        assertEquals(1, from.size(), name + ": one stage, from the packaged application");
        Matcher image = Pattern.compile("registry\\.access\\.redhat\\.com/ubi9/openjdk-(\\d+)-runtime:[\\w.-]+")
                .matcher(from.get(0));
        assertTrue(image.matches(), name + ": not a pinned ubi9 OpenJDK runtime image: " + from.get(0));
        assertTrue(Integer.parseInt(image.group(1)) >= Integer.parseInt(Repo.pomProperty("maven.compiler.release")),
                name + ": the image's Java is older than maven.compiler.release");
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void itCopiesTheFastJarAndRunsIt(String name) {
        List<String> copies = instructions(name, "COPY");
        for (String part : List.of("lib/ /deployments/lib/", "*.jar /deployments/", "app/ /deployments/app/",
                "quarkus/ /deployments/quarkus/")) {
            assertTrue(copies.contains("--chown=185 target/quarkus-app/" + part), name + ": no COPY of " + part);
        }
        assertTrue(instructions(name, "ENV").contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\""),
                name + ": JAVA_APP_JAR is not the fast-jar's quarkus-run.jar");
        String packaging = ServiceConfig.of(name).properties.getProperty("quarkus.package.jar.type", "fast-jar");
        assertEquals("fast-jar", packaging, name + " does not build the fast-jar that the Dockerfile copies");
        assertTrue(Repo.read(name + "/.dockerignore").lines().anyMatch(l -> l.equals("!target/quarkus-app/*")),
                name + "/.dockerignore leaves target/quarkus-app out of the build context");
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void itExposesThePortTheServiceListensOnAndRunsAsUser185(String name) {
        assertEquals(List.of(String.valueOf(ServiceConfig.of(name).httpPort())), instructions(name, "EXPOSE"), name);
        assertEquals(List.of("185"), instructions(name, "USER"), name + ": not the image's non-root user");
        assertFalse(instructions(name, "ENV").stream().anyMatch(e -> e.startsWith("QUARKUS_HTTP_PORT")),
                name + ": the port comes from application.properties, not from the image");
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceConfig.SCHEDULE, ServiceConfig.NOTIFICATION})
    void theJvmExitsWhenItRunsOutOfMemory(String name) {
        assertEquals(List.of("[ \"/opt/jboss/container/java/run/run-java.sh\" ]"), instructions(name, "ENTRYPOINT"),
                name + ": the image's launch script, which adds JAVA_OPTS_APPEND to the java command");
        String options = instructions(name, "ENV").stream().filter(e -> e.startsWith("JAVA_OPTS_APPEND="))
                .findFirst().orElseThrow(() -> new AssertionError(name + ": no JAVA_OPTS_APPEND"));
        assertTrue(List.of(options.substring("JAVA_OPTS_APPEND=".length()).replace("\"", "").split(" "))
                .contains("-XX:+ExitOnOutOfMemoryError"), name + ": a JVM out of memory would go on half dead: " + options);
    }

    /** The arguments of every instruction of one kind, continuation lines joined, comments left out. */
    private static List<String> instructions(String service, String keyword) {
        String text = Repo.read(service + "/" + DOCKERFILE).replaceAll("\\\\\\n", " ");
        List<String> found = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1)) {
                found.add(trimmed.substring(keyword.length() + 1).strip());
            }
        }
        return found;
    }
}
