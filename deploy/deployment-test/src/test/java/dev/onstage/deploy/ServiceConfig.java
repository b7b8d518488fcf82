package dev.onstage.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service really reads: the configuration names in its application.properties (default and prod profile),
 * the names its code asks for ({@code @ConfigProperty}, {@code @ConfigMapping}, {@code ${...}} expressions), and the
 * names those expressions refer to (e.g. {@code ${ONSTAGE_ADMIN_USER:admin}}).
 *
 * <p>An environment variable reaches a name the MicroProfile Config way: replace every character that is not a letter
 * or a digit by {@code _} and upper-case it ({@code quarkus.datasource.jdbc.url} is read from
 * {@code QUARKUS_DATASOURCE_JDBC_URL}).
 */
final class ServiceConfig {

    /** The services of this repository, by folder name. */
    static final String SCHEDULE = "schedule-service";
    static final String NOTIFICATION = "notification-service";
    static final Set<String> SERVICES = Set.of(SCHEDULE, NOTIFICATION);

    /** What every service needs from its environment outside the local stack. */
    static final Set<String> REQUIRED_ENV = Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_REACTIVE_URL",
            "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS");

    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    /** Methods of a mapping interface's own body (four spaces in), not of interfaces nested in it. */
    private static final Pattern MAPPING_METHOD = Pattern.compile("(?m)^    (?!static |default )\\w[\\w<>, ?.]* (\\w+)\\(\\);");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)[}:]");

    final String name;
    final Properties properties;
    /** Every configuration name the service reads. */
    final Set<String> names;

    private ServiceConfig(String name, Properties properties, Set<String> names) {
        this.name = name;
        this.properties = properties;
        this.names = names;
    }

    static ServiceConfig of(String service) {
        Properties all = new Properties();
        try {
            all.load(new StringReader(Repo.read(service + "/src/main/resources/application.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties effective = new Properties();
        Set<String> names = new TreeSet<>();
        for (String key : all.stringPropertyNames()) {
            String value = all.getProperty(key);
            // Other profiles (%test, %dev) are not read in a container, which runs the prod profile.
            if (key.startsWith("%") && !key.startsWith("%prod.")) {
                continue;
            }
            String plain = key.startsWith("%prod.") ? key.substring("%prod.".length()) : key;
            effective.setProperty(plain, value);
            names.add(plain);
            expressions(value, names);
        }
        try (Stream<Path> sources = Files.walk(Repo.path(service + "/src/main/java"))) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> javaNames(p, names));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServiceConfig(service, effective, names);
    }

    /** The HTTP port the service listens on (quarkus.http.port). */
    int httpPort() {
        return Integer.parseInt(properties.getProperty("quarkus.http.port"));
    }

    /** Whether an environment variable of this name sets something the service reads. */
    boolean readsEnv(String variable) {
        return names.stream().anyMatch(n -> envName(n).equals(variable));
    }

    static String envName(String configName) {
        return configName.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static void javaNames(Path source, Set<String> names) {
        String text;
        try {
            text = Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher property = CONFIG_PROPERTY.matcher(text);
        while (property.find()) {
            names.add(property.group(1));
        }
        Matcher mapping = CONFIG_MAPPING.matcher(text);
        if (mapping.find()) {
            String prefix = mapping.group(1);
            Matcher method = MAPPING_METHOD.matcher(text);
            while (method.find()) {
                names.add(prefix + "." + kebab(method.group(1)));
            }
        }
        expressions(text, names);
    }

    private static void expressions(String text, Set<String> names) {
        Matcher expression = EXPRESSION.matcher(text);
        while (expression.find()) {
            names.add(expression.group(1));
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name;
    }
}
