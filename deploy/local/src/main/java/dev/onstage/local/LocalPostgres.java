package dev.onstage.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from zonky's embedded binaries, with the Onstage database and role created.
 * The services each keep their tables in their own schema of that database, as the role {@value #USER}: no superuser,
 * it cannot create roles or databases; it owns the database, so that Flyway can create the schemas.
 *
 * <p>Started with {@link Passwords} (as {@code ./onstage} does), every connection needs its password
 * (scram-sha-256): zonky's initdb would trust any local user as the superuser, who can run programs as the server's
 * user ({@code COPY ... TO PROGRAM}; issue 15, item 11). A data folder that an earlier version made with trust is
 * changed over at its first start. Without them (the tests' throwaway servers), trust and a fixed password.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String DATABASE = "onstage";
    public static final String USER = "onstage";
    /** The services' password on a server started without {@link Passwords} (tests). */
    public static final String PASSWORD = "onstage";

    /** The only authentication the server accepts once secured, on the socket and on loopback. */
    static final String HBA = """
            # Written by Onstage (deploy/local LocalPostgres): every connection needs its password.
            local   all   all                 scram-sha-256
            host    all   all   127.0.0.1/32  scram-sha-256
            host    all   all   ::1/128       scram-sha-256
            """;

    /**
     * @param superuser     the password of {@code postgres}, the superuser, which only this class uses
     * @param superuserFile the file that keeps it, which initdb reads for a new data directory
     * @param services      the password of {@value #USER}, the services' role
     */
    public record Passwords(String superuser, Path superuserFile, String services) {
        public Passwords {
            if (!KeptSecret.plain(superuser) || !KeptSecret.plain(services)) {
                throw new IllegalArgumentException("database passwords must be letters and digits");
            }
        }
    }

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on 127.0.0.1:port. With a data directory the data survives restarts; port 0 picks a free port.
     */
    public static LocalPostgres start(Path dataDir, int port) {
        return start(dataDir, port, null);
    }

    /**
     * Starts PostgreSQL on 127.0.0.1:port with password authentication only (see the class comment); with
     * {@code passwords} null, as {@link #start(Path, int)}.
     */
    public static LocalPostgres start(Path dataDir, int port, Passwords passwords) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200");
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            if (passwords != null) {
                // zonky passes these on to initdb (after its own "-A trust", which they override): a new data
                // directory never trusts anyone. And zonky's own check that the server is up logs in with it.
                builder.setLocaleConfig("auth", "scram-sha-256")
                        .setLocaleConfig("pwfile", passwords.superuserFile().toAbsolutePath().toString())
                        .setConnectConfig("password", passwords.superuser());
            }
            LocalPostgres local = new LocalPostgres(builder.start());
            if (passwords == null) {
                local.createDatabaseOnce();
            } else {
                local.secure(passwords);
            }
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    /**
     * The postmaster, to notice when it dies: the process whose id it wrote in postmaster.pid (zonky's own process is
     * pg_ctl's, which ends once the server is up). Empty if that cannot be read.
     */
    public java.util.Optional<ProcessHandle> postmaster(Path dataDir) {
        try {
            String pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip();
            return ProcessHandle.of(Long.parseLong(pid));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** The same server in the form the Vert.x reactive PostgreSQL client takes. */
    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    private void createDatabaseOnce() {
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
        try (Connection c = DriverManager.getConnection(adminUrl, "postgres", "");
                var st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                }
            }
            try (var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the " + DATABASE + " database: " + e.getMessage(), e);
        }
    }

    /**
     * Makes the server what the class comment says, whatever an earlier version left: the passwords set, the services'
     * role without any power beyond its database, and pg_hba.conf asking everyone for a password (then reloaded).
     */
    private void secure(Passwords passwords) {
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
        try (Connection c = DriverManager.getConnection(adminUrl, "postgres", passwords.superuser());
                var st = c.createStatement()) {
            st.execute("SET password_encryption = 'scram-sha-256'");
            st.execute("ALTER ROLE postgres PASSWORD '" + passwords.superuser() + "'");
            String powers = " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
                    + passwords.services() + "'";
            try (var rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'")) {
                st.execute((rs.next() ? "ALTER ROLE " : "CREATE ROLE ") + USER + powers);
            }
            try (var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                st.execute(rs.next() ? "ALTER DATABASE " + DATABASE + " OWNER TO " + USER
                        : "CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
            Path hba;
            try (var rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = Path.of(rs.getString(1));
            }
            if (!Files.exists(hba) || !Files.readString(hba).equals(HBA)) {
                Files.writeString(hba, HBA);
                st.execute("SELECT pg_reload_conf()");
                awaitPasswordsAsked(adminUrl);
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot secure the " + DATABASE + " database: " + e.getMessage(), e);
        }
    }

    /** The postmaster reloads pg_hba.conf when it gets to it: until then, it may still trust. */
    private static void awaitPasswordsAsked(String adminUrl) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection trusted = DriverManager.getConnection(adminUrl, "postgres", "")) {
                Thread.sleep(50);
            } catch (SQLException refused) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("PostgreSQL still lets in the superuser without a password after "
                + "pg_hba.conf was rewritten");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
