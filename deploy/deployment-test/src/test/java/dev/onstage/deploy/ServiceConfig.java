package dev.onstage.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
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

    private static final Pattern CONFIG_PROPERTY = Pattern.compile(
            "@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"(?:\\s*,\\s*defaultValue\\s*=\\s*\"([^\"]*)\")?");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    /**
     * Methods of a mapping interface's own body (four spaces in), each with the {@code @WithDefault} in the lines just
     * above it, if any; the methods of a group nested in it ({@code interface Vapid}) are eight spaces in.
     */
    private static final String METHOD = "(?:\\s*@WithDefault\\(\"([^\"]*)\"\\))?(?:\\s*@[\\w.]+(?:\\([^)]*\\))?)*\\s*\n"
            + "%s(?!static |default |interface )(\\w[\\w<>, ?.@]*) (\\w+)\\(\\);";
    private static final Pattern MAPPING_METHOD = Pattern.compile(METHOD.formatted("    "));
    private static final Pattern GROUP_METHOD = Pattern.compile(METHOD.formatted("        "));
    private static final Pattern GROUP = Pattern.compile("(?ms)^    interface (\\w+) \\{(.*?)^    \\}");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)[}:]");

    /**
     * Quarkus's own runtime keys that a deployment may set although the service's files do not: each named here
     * because the service's code asks for it to be set in that situation (ConnectionLimits: "Behind a proxy, set
     * quarkus.http.proxy.proxy-address-forwarding").
     */
    static final Set<String> QUARKUS_KEYS_FOR_DEPLOYMENTS = Set.of("quarkus.http.proxy.proxy-address-forwarding",
            "quarkus.http.proxy.allow-x-forwarded", "quarkus.http.proxy.trusted-proxies");

    final String name;
    final Properties properties;
    /** Every configuration name the service reads. */
    final Set<String> names;
    /** Defaults given in the code ({@code @ConfigProperty(defaultValue = ...)}, {@code @WithDefault}), by name. */
    final Map<String, String> codeDefaults;
    /** Whether the service holds a PostgreSQL connection of its own for LISTEN (a Vert.x PgSubscriber). */
    final boolean listens;

    private ServiceConfig(String name, Properties properties, Set<String> names, Map<String, String> codeDefaults,
            boolean listens) {
        this.name = name;
        this.properties = properties;
        this.names = names;
        this.codeDefaults = codeDefaults;
        this.listens = listens;
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
        Map<String, String> defaults = new TreeMap<>();
        boolean[] listens = { false };
        try (Stream<Path> sources = Files.walk(Repo.path(service + "/src/main/java"))) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                String text = javaNames(p, names, defaults);
                listens[0] |= text.contains("PgSubscriber.subscriber(");
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.addAll(QUARKUS_KEYS_FOR_DEPLOYMENTS);
        return new ServiceConfig(service, effective, names, defaults, listens[0]);
    }

    /** The value the service uses for a name when the environment does not set it: its properties, else the code's default. */
    String value(String configName) {
        String value = properties.getProperty(configName, codeDefaults.get(configName));
        if (value == null) {
            throw new AssertionError(name + " has no value nor default for " + configName);
        }
        return value;
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

    private static String javaNames(Path source, Set<String> names, Map<String, String> defaults) {
        String text;
        try {
            text = Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher property = CONFIG_PROPERTY.matcher(text);
        while (property.find()) {
            names.add(property.group(1));
            if (property.group(2) != null) {
                defaults.put(property.group(1), property.group(2));
            }
        }
        Matcher mapping = CONFIG_MAPPING.matcher(text);
        if (mapping.find()) {
            String prefix = mapping.group(1);
            Map<String, String> groups = new TreeMap<>();
            Matcher group = GROUP.matcher(text);
            while (group.find()) {
                groups.put(group.group(1), group.group(2));
            }
            mappingNames(text, MAPPING_METHOD, prefix, groups, names, defaults);
        }
        expressions(text, names);
        return text;
    }

    /** The names a mapping's methods read (a nested group's methods under the group's name), with their defaults. */
    private static void mappingNames(String body, Pattern methods, String prefix, Map<String, String> groups,
            Set<String> names, Map<String, String> defaults) {
        Matcher method = methods.matcher(body);
        while (method.find()) {
            String name = prefix + "." + kebab(method.group(3));
            String type = method.group(2).replaceAll("@\\w+ ", "");
            if (groups.containsKey(type)) {
                mappingNames(groups.get(type), GROUP_METHOD, name, Map.of(), names, defaults);
                continue;
            }
            names.add(name);
            if (method.group(1) != null) {
                defaults.put(name, method.group(1));
            }
        }
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
