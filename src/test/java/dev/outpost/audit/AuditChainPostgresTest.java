package dev.outpost.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIf;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link AuditChainContract} on the machine's real PostgreSQL (TOOLCHAIN: 127.0.0.1:5432, user
 * postgres), in a schema of its own, dropped afterwards: row locks, text and bigint as PostgreSQL
 * has them. Skipped where no PostgreSQL answers, unless OUTPOST_REQUIRE_POSTGRES=1 (.ci/run).
 */
@QuarkusTest
@TestProfile(AuditChainPostgresTest.Postgres.class)
@EnabledIf("dev.outpost.audit.AuditChainPostgresTest#postgresAvailable")
class AuditChainPostgresTest extends AuditChainContract {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String SCHEMA =
            "outpost_audit_" + ProcessHandle.current().pid();

    public static class Postgres implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            dropSchema(); // a schema left by a killed run would hold its rows
            return Map.of(
                    "quarkus.datasource.db-kind",
                    "postgresql",
                    "quarkus.datasource.jdbc.url",
                    SERVER + "?currentSchema=" + SCHEMA,
                    "quarkus.datasource.username",
                    "postgres",
                    "quarkus.flyway.schemas",
                    SCHEMA,
                    "outpost.data-dir",
                    "target/test-data/audit-postgres-" + System.nanoTime());
        }
    }

    static boolean postgresAvailable() {
        if ("1".equals(System.getenv("OUTPOST_REQUIRE_POSTGRES"))) {
            return true;
        }
        try (Connection ignored = DriverManager.getConnection(SERVER, "postgres", "")) {
            return true;
        } catch (SQLException e) {
            System.err.println(
                    "AuditChainPostgresTest skipped: no PostgreSQL at " + SERVER + " (" + e.getMessage() + ")");
            return false;
        }
    }

    @AfterAll
    static void dropTheSchema() {
        dropSchema();
    }

    private static void dropSchema() {
        try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
        } catch (SQLException e) {
            // Unreachable: the test itself will say so, or was skipped.
        }
    }
}
