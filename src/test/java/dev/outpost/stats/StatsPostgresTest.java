package dev.outpost.stats;

import static dev.outpost.stats.Api.as;
import static dev.outpost.stats.Api.cell;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The statistics and the query log on the machine's real PostgreSQL (TOOLCHAIN: 127.0.0.1:5432,
 * user postgres), as replicas share it: this replica's flushes and another replica's rows are
 * summed by {@code /api/v1/stats}, the additive flush and the rollup run as PostgreSQL SQL, and the
 * query log writes, pages and purges. In a schema of its own, dropped afterwards. Skipped where no
 * PostgreSQL answers, unless OUTPOST_REQUIRE_POSTGRES=1 (as in PostgresReplicaTest).
 */
@QuarkusTest
@TestProfile(StatsPostgresTest.Postgres.class)
@EnabledIf("dev.outpost.stats.StatsPostgresTest#postgresAvailable")
class StatsPostgresTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String SCHEMA =
            "outpost_stats_test_" + ProcessHandle.current().pid();
    private static final String OTHER = "00000000-0000-0000-0000-0000000000b2";

    public static class Postgres implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            dropSchema();
            return Map.of(
                    "quarkus.datasource.db-kind", "postgresql",
                    "quarkus.datasource.jdbc.url", SERVER + "?currentSchema=" + SCHEMA,
                    "quarkus.datasource.username", "postgres",
                    "quarkus.flyway.schemas", SCHEMA,
                    "outpost.query-log.enabled", "true",
                    "outpost.query-log.write-interval", "1h",
                    "outpost.data-dir", "target/test-data/stats-postgres-" + System.nanoTime());
        }
    }

    static boolean postgresAvailable() {
        if ("1".equals(System.getenv("OUTPOST_REQUIRE_POSTGRES"))) {
            return true;
        }
        try (Connection ignored = connect()) {
            return true;
        } catch (SQLException e) {
            System.err.println("StatsPostgresTest skipped: no PostgreSQL at " + SERVER + " (" + e.getMessage() + ")");
            return false;
        }
    }

    @Inject
    Statistics statistics;

    @Inject
    StatsStore store;

    @Inject
    ReplicaId replica;

    @Inject
    QueryLogWriter queryLog;

    /** Nothing is left to write at shutdown, after the schema is gone. */
    @AfterEach
    void writeEverything() {
        statistics.flush();
        queryLog.write();
    }

    @AfterAll
    static void dropTheSchema() {
        dropSchema();
    }

    @Test
    void twoReplicasCountsAreSummed() throws SQLException {
        statistics.flush();
        JsonPath before = Api.stats("?hours=2&days=2");
        for (int i = 0; i < 3; i++) {
            given().get("/api/v1/files/{hash}", Api.EICAR_SHA256).then().statusCode(200);
        }
        statistics.flush();
        given().get("/api/v1/files/{hash}", Api.EICAR_SHA256).then().statusCode(200);
        statistics.flush(); // The second flush of the hour adds to the row the first one made.

        // Another replica adds its own counts, to its own rows, through the same store.
        long[] others = new long[Cells.COUNT];
        others[Cells.named("file", "red", "vendor")] = 10;
        others[Cells.named("ip", "none", "no-dataset")] = 2;
        store.add(OTHER, Instant.now().truncatedTo(ChronoUnit.HOURS), others);

        JsonPath after = Api.stats("?hours=2&days=2");
        assertThat(cell(after, "hourly", "file", "red", "vendor") - cell(before, "hourly", "file", "red", "vendor"))
                .isEqualTo(14);
        assertThat(cell(after, "daily", "file", "red", "vendor") - cell(before, "daily", "file", "red", "vendor"))
                .isEqualTo(14);
        assertThat(after.getLong("hourly.totals.rejectedBy.no-dataset")
                        - before.getLong("hourly.totals.rejectedBy.no-dataset"))
                .isEqualTo(2);
        assertThat(query("select lookups from stats_hourly where replica_id = '" + replica.value()
                        + "' and kind = 'file' and zone = 'red' and source = 'vendor'"))
                .as("one row per replica, hour and cell")
                .hasSize(Instant.now().truncatedTo(ChronoUnit.HOURS).equals(hourOf(replica.value())) ? 1 : 2);
        assertThat(query("select count(distinct replica_id) from stats_hourly")).containsExactly("2");
    }

    @Test
    void finishedDaysRollUpOnPostgres() throws SQLException {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);
        long[] counts = new long[Cells.COUNT];
        counts[Cells.named("domain", "green", "local")] = 4;
        store.add(OTHER, day.plus(3, ChronoUnit.HOURS), counts);
        store.add(OTHER, day.plus(4, ChronoUnit.HOURS), counts);
        statistics.maintain(Instant.now());
        statistics.maintain(Instant.now());
        assertThat(query("select lookups from stats_daily where replica_id = '" + OTHER + "' and kind = 'domain'"))
                .containsExactly("8");
        JsonPath report = Api.stats("?days=3");
        assertThat(report.getLong("daily.series[0].byKind.domain")).isEqualTo(8);
    }

    @Test
    void theQueryLogWritesPagesAndPurgesOnPostgres() throws SQLException {
        queryLog.write();
        String hash = Api.randomHex(32);
        given().get("/api/v1/files/{hash}", hash).then().statusCode(200);
        assertThat(queryLog.write()).isEqualTo(1);
        as(Api.ADMIN)
                .get("/api/v1/admin/query-log?size=1")
                .then()
                .statusCode(200)
                .body("entries[0].object", org.hamcrest.Matchers.equalTo(hash));
        execute("insert into query_log (logged_at, kind, subject, zone, source)"
                + " values (now() - interval '10 days', 'file', 'old', 'grey', 'none')");
        assertThat(queryLog.purge(Instant.now())).isEqualTo(1);
        assertThat(query("select subject from query_log")).contains(hash).doesNotContain("old");
    }

    private static Instant hourOf(String replica) throws SQLException {
        List<String> hours =
                query("select to_char(max(hour_start) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                        + " from stats_hourly where replica_id = '" + replica + "'");
        return Instant.parse(hours.get(0));
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
