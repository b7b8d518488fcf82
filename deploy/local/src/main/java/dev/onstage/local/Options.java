package dev.onstage.local;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** The launcher's command line and environment, with the defaults of the local stack. */
final class Options {
    Path root = Path.of(System.getProperty("onstage.root", ".")).toAbsolutePath().normalize();
    Path dataDir = root.resolve(".onstage");
    int kafkaPort = 9092;
    int postgresPort = 55432;
    int schedulePort = 8081;
    int notificationPort = 8082;
    String externalKafka;
    String externalDatabaseUrl;
    String databaseUser;
    String databasePassword;
    String adminUser;
    String adminPassword;
    /** The demo: the seed replayed from 5 minutes before its first talk at 10x, anew at every start. */
    String replayFrom = "2022-07-21T14:25:00Z";
    double speed = 10;
    boolean realtime;
    /** notification-service's niceness on a machine it shares with the clock (docs/scaling.md); 0: as the others. */
    int notificationNice = 10;
    /** More JVM options for notification-service (ONSTAGE_NOTIFICATION_JAVA_OPTIONS), after the launcher's own. */
    List<String> notificationJavaOptions = List.of();

    static Options parse(String[] args, Map<String, String> env) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--data-dir" -> o.dataDir = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                case "--kafka-port" -> o.kafkaPort = port(value(args, ++i, arg), arg);
                case "--postgres-port" -> o.postgresPort = port(value(args, ++i, arg), arg);
                case "--schedule-port" -> o.schedulePort = port(value(args, ++i, arg), arg);
                case "--notification-port" -> o.notificationPort = port(value(args, ++i, arg), arg);
                case "--replay-from" -> o.replayFrom = instant(value(args, ++i, arg), arg);
                case "--speed" -> o.speed = speed(value(args, ++i, arg), arg);
                case "--realtime" -> o.realtime = true;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        o.externalKafka = blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS"));
        o.externalDatabaseUrl = blankToNull(env.get("ONSTAGE_DATABASE_URL"));
        o.databaseUser = env.getOrDefault("ONSTAGE_DATABASE_USER", LocalPostgres.USER);
        o.databasePassword = env.getOrDefault("ONSTAGE_DATABASE_PASSWORD", LocalPostgres.PASSWORD);
        o.adminUser = env.getOrDefault("ONSTAGE_ADMIN_USER", "admin");
        o.adminPassword = blankToNull(env.get("ONSTAGE_ADMIN_PASSWORD"));
        String nice = blankToNull(env.get("ONSTAGE_NOTIFICATION_NICE"));
        if (nice != null) {
            try {
                o.notificationNice = Integer.parseInt(nice);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ONSTAGE_NOTIFICATION_NICE takes a niceness (0-19), not " + nice);
            }
            if (o.notificationNice < 0 || o.notificationNice > 19) {
                throw new IllegalArgumentException("ONSTAGE_NOTIFICATION_NICE takes a niceness (0-19), not " + nice);
            }
        }
        String javaOptions = blankToNull(env.get("ONSTAGE_NOTIFICATION_JAVA_OPTIONS"));
        if (javaOptions != null) {
            o.notificationJavaOptions = List.of(javaOptions.trim().split("\\s+"));
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int port(String value, String option) {
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65534) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a port number (1-65534), not " + value);
        }
    }

    private static String instant(String value, String option) {
        try {
            return OffsetDateTime.parse(value).toInstant().toString();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " takes an ISO-8601 instant such as 2022-07-21T14:25:00Z, not " + value);
        }
    }

    private static double speed(String value, String option) {
        try {
            double speed = Double.parseDouble(value);
            if (speed < 1 || speed > 600) {
                throw new NumberFormatException();
            }
            return speed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a speed from 1 to 600, not " + value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
