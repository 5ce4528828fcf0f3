package dev.outpost.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The relational side on the machine's real PostgreSQL (TOOLCHAIN: 127.0.0.1:5432, user postgres):
 * the migrations apply, the demo import is recorded, and local verdicts written through this
 * replica or straight into the database by another one are served after a refresh. Runs in a
 * schema of its own, dropped afterwards. Skipped where no PostgreSQL answers, unless
 * OUTPOST_REQUIRE_POSTGRES=1 (which .ci/run sets, so that CI cannot skip it).
 */
@QuarkusTest
@TestProfile(PostgresReplicaTest.Postgres.class)
@EnabledIf("dev.outpost.local.PostgresReplicaTest#postgresAvailable")
class PostgresReplicaTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres";
    /** One schema per test JVM; the same in every class loader of it. */
    private static final String SCHEMA =
            "outpost_test_" + ProcessHandle.current().pid();

    private static final String TOKEN = "test-operator-token-not-secret";

    public static class Postgres implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A schema left by a killed run would hold its migrations and rows: start clean.
            dropSchema();
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
                    "target/test-data/postgres-" + System.nanoTime());
        }
    }

    static boolean postgresAvailable() {
        if ("1".equals(System.getenv("OUTPOST_REQUIRE_POSTGRES"))) {
            return true;
        }
        try (Connection ignored = connect()) {
            return true;
        } catch (SQLException e) {
            System.err.println("PostgresReplicaTest skipped: no PostgreSQL at " + SERVER + " (" + e.getMessage() + ")");
            return false;
        }
    }

    @Inject
    LocalVerdicts verdicts;

    @AfterAll
    static void dropTheSchema() {
        dropSchema();
    }

    /** Every migration in the source tree, in version order: each must apply on PostgreSQL. */
    private static java.util.List<String> migrationVersions() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__")))
                    .sorted(java.util.Comparator.comparingInt(Integer::parseInt))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void migrationsApplyAndTheDemoImportIsRecorded() throws SQLException {
        assertThat(
                        query(
                                "select version from flyway_schema_history where success and version is not null order by installed_rank"))
                .containsExactlyElementsOf(migrationVersions());
        assertThat(query("select outcome from import_history")).contains("ACTIVATED");
    }

    @Test
    void localVerdictsAreSharedThroughTheDatabase() throws SQLException {
        int id = given().header("Authorization", "Bearer " + TOKEN)
                .contentType("application/json")
                .body(Map.of("kind", "domain", "value", "shared.example", "verdict", "PHISHING"))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertThat(query("select subject || ' ' || created_by from local_verdict where id = " + id))
                .containsExactly("shared.example test-operator");

        // Another replica writes straight into the shared database; this one notices on its refresh.
        execute("insert into local_verdict (kind, subject, category, created_by, created_at)"
                + " values ('ip', '203.0.113.0/24', 'MALWARE', 'replica-b', now())");
        given().get("/api/v1/ips/{address}", "203.0.113.9").then().body("zone", equalTo("GREY"));
        verdicts.refresh();
        given().get("/api/v1/ips/{address}", "203.0.113.9")
                .then()
                .body("zone", equalTo("RED"))
                .body("source.createdBy", equalTo("replica-b"));

        // ...and deletes: gone here after the next refresh.
        execute("delete from local_verdict where created_by = 'replica-b'");
        verdicts.refresh();
        given().get("/api/v1/ips/{address}", "203.0.113.9").then().body("zone", equalTo("GREY"));

        given().header("Authorization", "Bearer " + TOKEN)
                .delete("/api/v1/local-verdicts/" + id)
                .then()
                .statusCode(204);
        assertThat(query("select count(*) from local_verdict")).containsExactly("0");
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(SERVER, "postgres", "");
    }

    private static List<String> query(String sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("set search_path to " + SCHEMA);
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("set search_path to " + SCHEMA);
            statement.execute(sql);
        }
    }

    private static void dropSchema() {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
        } catch (SQLException e) {
            // Unreachable: the test itself will say so, or was skipped.
        }
    }
}
