package dev.onstage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 11: the embedded PostgreSQL of {@code ./onstage} asks every connection for a password, and the
 * services' role can do nothing beyond its database; a data folder of an earlier version (trust) is changed over.
 */
class LocalPostgresTest {

    @Test
    void aFolderOfAnEarlierVersionIsSecuredAndThenAsksEveryoneForAPassword(@TempDir Path folder) throws Exception {
        Path dataDir = folder.resolve("postgres");
        // As an earlier version left it: trust, the services' fixed password, a table of theirs.
        try (LocalPostgres earlier = LocalPostgres.start(dataDir, 0);
                Connection c = DriverManager.getConnection(earlier.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD)) {
            c.createStatement().execute("CREATE SCHEMA kept; CREATE TABLE kept.t (x INT); INSERT INTO kept.t VALUES (7)");
        }

        Path superuserFile = folder.resolve("database-superuser-password");
        LocalPostgres.Passwords passwords = new LocalPostgres.Passwords(KeptSecret.in(superuserFile), superuserFile,
                KeptSecret.in(folder.resolve("database-password")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(superuserFile)));
        try (LocalPostgres postgres = LocalPostgres.start(dataDir, 0, passwords)) {
            assertAsksForPasswords(postgres, passwords);
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER, passwords.services());
                    var rs = c.createStatement().executeQuery("SELECT x FROM kept.t")) {
                assertTrue(rs.next());
                assertEquals(7, rs.getInt(1), "the earlier data is still there");
            }
        }
        // And again, as a restart does.
        try (LocalPostgres postgres = LocalPostgres.start(dataDir, 0, passwords)) {
            assertAsksForPasswords(postgres, passwords);
        }
    }

    @Test
    void aNewFolderNeverTrustsAnyone(@TempDir Path folder) throws Exception {
        Path superuserFile = folder.resolve("database-superuser-password");
        LocalPostgres.Passwords passwords = new LocalPostgres.Passwords(KeptSecret.in(superuserFile), superuserFile,
                KeptSecret.in(folder.resolve("database-password")));
        try (LocalPostgres postgres = LocalPostgres.start(folder.resolve("postgres"), 0, passwords)) {
            assertAsksForPasswords(postgres, passwords);
        }
    }

    private static void assertAsksForPasswords(LocalPostgres postgres, LocalPostgres.Passwords passwords)
            throws SQLException {
        for (String user : new String[] { "postgres", LocalPostgres.USER }) {
            assertThrows(SQLException.class, () -> DriverManager.getConnection(postgres.jdbcUrl(), user, ""),
                    user + " without a password");
            assertThrows(SQLException.class, () -> DriverManager.getConnection(postgres.jdbcUrl(), user, "onstage"),
                    user + " with a wrong password");
        }
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER, passwords.services());
                var rs = c.createStatement().executeQuery("SELECT rolsuper, rolcreaterole, rolcreatedb, "
                        + "pg_get_userbyid(d.datdba) FROM pg_roles r, pg_database d WHERE r.rolname = current_user "
                        + "AND d.datname = current_database()")) {
            assertTrue(rs.next());
            assertFalse(rs.getBoolean(1), "the services' role is a superuser");
            assertFalse(rs.getBoolean(2), "the services' role may create roles");
            assertFalse(rs.getBoolean(3), "the services' role may create databases");
            assertEquals(LocalPostgres.USER, rs.getString(4), "the services' role owns the database");
        }
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", passwords.superuser())) {
            assertTrue(c.isValid(5));
        }
    }
}
