package dev.outpost.stats;

import static dev.outpost.stats.Api.as;
import static dev.outpost.stats.Api.cell;
import static dev.outpost.stats.Api.stats;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.outpost.config.DataDirectory;

/**
 * The statistics against the demo dataset on H2: lookups of every kind move their kind/zone/source
 * counts once flushed, the rollup and the purge leave the right rows, and {@code /api/v1/stats} has
 * its documented shape, bounds and roles.
 */
@QuarkusTest
class StatsTest {
    /** Rows other replicas "wrote": ids of this form are never made by {@link ReplicaId}. */
    private static final String OTHER_A = "00000000-0000-0000-0000-00000000000a";

    private static final String OTHER_B = "00000000-0000-0000-0000-00000000000b";

    @Inject
    Statistics statistics;

    @Inject
    ReplicaId replica;

    @Inject
    DataSource database;

    @Inject
    DataDirectory dataDirectory;

    @AfterEach
    void removeOtherReplicasRows() throws SQLException {
        execute("DELETE FROM stats_hourly WHERE replica_id LIKE '00000000-%'");
        execute("DELETE FROM stats_daily WHERE replica_id LIKE '00000000-%'");
    }

    @Test
    void countsMoveWithLookupsOfEachKindZoneAndSource() {
        statistics.flush();
        JsonPath before = stats("?hours=3");

        given().get("/api/v1/files/{hash}", Api.EICAR_SHA256).then().statusCode(200);
        given().get("/api/v1/files/{hash}", "00000000000000000000000000000000000000000000000000000000000000aa")
                .then()
                .body("zone", equalTo("GREY"));
        given().get("/api/v1/files/{hash}", "not-a-hash").then().statusCode(400);
        given().contentType("application/json")
                .body(Map.of("hashes", List.of(Api.EICAR_SHA256, Api.EICAR_SHA256, "xyz")))
                .post("/api/v1/files/lookup")
                .then()
                .statusCode(200);
        given().get("/api/v1/certificates/{sha256}", Api.ISRG_ROOT_X1).then().body("zone", equalTo("GREEN"));
        given().queryParam("url", "http://testsafebrowsing.appspot.com/s/phishing.html")
                .get("/api/v1/urls")
                .then()
                .body("zone", equalTo("RED"));
        given().get("/api/v1/ips/{address}", "192.0.2.55").then().body("zone", equalTo("YELLOW"));
        int local = as(Api.OPERATOR)
                .contentType("application/json")
                .body(Map.of("kind", "domain", "value", "stats-local.example", "verdict", "MALWARE"))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        try {
            given().get("/api/v1/domains/{name}", "www.stats-local.example")
                    .then()
                    .body("zone", equalTo("RED"))
                    .body("source.type", equalTo("local"));
        } finally {
            as(Api.OPERATOR).delete("/api/v1/local-verdicts/" + local).then().statusCode(204);
        }

        // No check that the report lags until a flush: the scheduled flush (every minute) may run at any
        // moment of this test, and did in a CI run under load. The deltas below are read after a flush.
        statistics.flush();
        JsonPath after = stats("?hours=3");
        assertThat(delta(before, after, "file", "red", "vendor")).isEqualTo(3);
        assertThat(delta(before, after, "file", "grey", "none")).isEqualTo(1);
        assertThat(delta(before, after, "file", "none", "invalid-input")).isEqualTo(2);
        assertThat(delta(before, after, "certificate", "green", "vendor")).isEqualTo(1);
        assertThat(delta(before, after, "url", "red", "vendor")).isEqualTo(1);
        assertThat(delta(before, after, "ip", "yellow", "vendor")).isEqualTo(1);
        assertThat(delta(before, after, "domain", "red", "local")).isEqualTo(1);
        assertThat(after.getLong("hourly.totals.lookups") - before.getLong("hourly.totals.lookups"))
                .isEqualTo(8);
        assertThat(after.getLong("hourly.totals.rejected") - before.getLong("hourly.totals.rejected"))
                .isEqualTo(2);
        assertThat(after.getLong("hourly.totals.bySource.local") - before.getLong("hourly.totals.bySource.local"))
                .isEqualTo(1);
        // Today's daily point comes from the hourly rows until the day is rolled up.
        assertThat(after.getLong("daily.totals.lookups") - before.getLong("daily.totals.lookups"))
                .isEqualTo(8);
    }

    @Test
    void aFlushAddsOnlyWhatWasCountedSinceTheLastOne() throws SQLException {
        statistics.flush();
        long before = hourlyRowOfThisReplica("certificate", "green", "vendor");
        given().get("/api/v1/certificates/{sha256}", Api.ISRG_ROOT_X1).then().statusCode(200);
        statistics.flush();
        long once = hourlyRowOfThisReplica("certificate", "green", "vendor");
        given().get("/api/v1/certificates/{sha256}", Api.ISRG_ROOT_X1).then().statusCode(200);
        given().get("/api/v1/certificates/{sha256}", Api.ISRG_ROOT_X1).then().statusCode(200);
        statistics.flush();
        statistics.flush(); // Nothing new: adds nothing.
        // Unless the hour turned between flushes, one row of this hour holds it all.
        if (Instant.now().truncatedTo(ChronoUnit.HOURS).equals(hourOfLastRow())) {
            assertThat(once - before).isEqualTo(1);
            assertThat(hourlyRowOfThisReplica("certificate", "green", "vendor") - once)
                    .isEqualTo(2);
        }
    }

    @Test
    void finishedDaysRollUpIntoDailyRowsOncePerReplicaAndOldRowsArePurged() throws SQLException {
        Instant now = Instant.now();
        long ipBefore = stats("?days=400").getLong("daily.totals.byKind.ip");
        Instant threeDaysAgo = now.truncatedTo(ChronoUnit.DAYS).minus(3, ChronoUnit.DAYS);
        insertHourly(OTHER_A, threeDaysAgo.plus(1, ChronoUnit.HOURS), "file", "red", "vendor", 5);
        insertHourly(OTHER_A, threeDaysAgo.plus(23, ChronoUnit.HOURS), "file", "red", "vendor", 7);
        insertHourly(OTHER_A, threeDaysAgo.plus(2, ChronoUnit.HOURS), "url", "grey", "none", 11);
        insertHourly(OTHER_B, threeDaysAgo.plus(5, ChronoUnit.HOURS), "file", "red", "vendor", 100);
        insertHourly(OTHER_B, threeDaysAgo.plus(1, ChronoUnit.DAYS), "file", "red", "vendor", 1000);
        // Past every retention: purged, never rolled up.
        insertHourly(OTHER_A, now.minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS), "ip", "red", "vendor", 3);
        insertDaily(OTHER_A, now.truncatedTo(ChronoUnit.DAYS).minus(500, ChronoUnit.DAYS), "ip", "red", "vendor", 9);
        insertDaily(OTHER_A, now.truncatedTo(ChronoUnit.DAYS).minus(300, ChronoUnit.DAYS), "ip", "red", "vendor", 4);

        statistics.maintain(now);
        statistics.maintain(now); // Again: nothing is added twice.

        assertThat(rows(
                        "SELECT replica_id || ' ' || kind || ' ' || zone || ' ' || source || ' ' || lookups"
                                + " FROM stats_daily WHERE replica_id LIKE '00000000-%' AND day_start = ?",
                        threeDaysAgo))
                .containsExactlyInAnyOrder(
                        OTHER_A + " file red vendor 12",
                        OTHER_A + " url grey none 11",
                        OTHER_B + " file red vendor 100");
        assertThat(rows(
                        "SELECT replica_id || ' ' || lookups FROM stats_daily WHERE replica_id LIKE '00000000-%'"
                                + " AND day_start = ?",
                        threeDaysAgo.plus(1, ChronoUnit.DAYS)))
                .containsExactly(OTHER_B + " 1000");
        assertThat(rows("SELECT lookups FROM stats_hourly WHERE replica_id LIKE '00000000-%' AND kind = 'ip'"))
                .isEmpty();
        assertThat(rows("SELECT lookups FROM stats_daily WHERE replica_id LIKE '00000000-%' AND kind = 'ip'"))
                .containsExactly("4");

        // The daily series reads the rolled-up days; the hourly rows were not double counted.
        JsonPath report = stats("?days=5&hours=2");
        List<Map<String, Object>> days = report.getList("daily.series");
        assertThat(days).hasSize(5);
        assertThat(days.get(1).get("start")).isEqualTo(threeDaysAgo.toString());
        assertThat(((Map<?, ?>) days.get(1).get("byKind")).get("file")).isEqualTo(112);
        assertThat(((Map<?, ?>) days.get(1).get("byKind")).get("url")).isEqualTo(11);
        assertThat(((Map<?, ?>) days.get(2).get("bySource")).get("vendor")).isEqualTo(1000);
        JsonPath year = stats("?days=400");
        assertThat(year.getLong("daily.totals.byKind.ip") - ipBefore).isEqualTo(4);
    }

    @Test
    void theReportHasItsDocumentedShape() {
        JsonPath report = stats("?hours=48&days=30");
        assertThat(report.getList("hourly.series")).hasSize(48);
        assertThat(report.getList("daily.series")).hasSize(30);
        Instant hourlyTo = Instant.parse(report.getString("hourly.to"));
        assertThat(hourlyTo)
                .isEqualTo(Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS));
        assertThat(Instant.parse(report.getString("hourly.from"))).isEqualTo(hourlyTo.minus(48, ChronoUnit.HOURS));
        assertThat(report.getString("hourly.series[47].start"))
                .isEqualTo(hourlyTo.minus(1, ChronoUnit.HOURS).toString());
        assertThat(report.getMap("hourly.totals.byKind"))
                .containsOnlyKeys("file", "certificate", "url", "domain", "ip");
        assertThat(report.getMap("hourly.totals.byZone")).containsOnlyKeys("red", "yellow", "green", "grey");
        assertThat(report.getMap("hourly.totals.bySource")).containsOnlyKeys("vendor", "local", "none");
        assertThat(report.getMap("hourly.totals.rejectedBy")).containsOnlyKeys("invalid-input", "no-dataset");
        assertThat(report.getMap("daily.series[0]"))
                .containsOnlyKeys("start", "lookups", "rejected", "byKind", "byZone", "bySource", "rejectedBy");
        assertThat(report.getMap("queryLog"))
                .containsEntry("enabled", false)
                .containsEntry("objects", "hashes")
                .containsEntry("clientAddresses", false)
                .containsEntry("retention", "PT168H")
                .containsKeys("queued", "dropped");
        JsonPath defaults = stats("");
        assertThat(defaults.getList("hourly.series")).hasSize(24);
        assertThat(defaults.getList("daily.series")).hasSize(30);
    }

    @Test
    void windowsAreBoundedByWhatIsKept() {
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> expected = new TreeMap<>();
        for (String query : List.of(
                "hours=0",
                "hours=337",
                "hours=-1",
                "hours=abc",
                "days=0",
                "days=401",
                "days=99999999999",
                "days=1.5")) {
            var response = as(Api.OPERATOR).get("/api/v1/stats?" + query);
            statuses.put(query, response.statusCode());
            expected.put(query, 400);
            if (response.statusCode() == 400) {
                response.then()
                        .contentType("application/problem+json")
                        .body("type", equalTo("urn:outpost:problem:invalid-request"));
            }
        }
        assertThat(statuses).isEqualTo(expected);
        as(Api.OPERATOR).get("/api/v1/stats?hours=336&days=400").then().statusCode(200);
        as(Api.OPERATOR).get("/api/v1/stats?hours=1&days=1").then().statusCode(200);
    }

    @Test
    void statisticsAreForOperators() {
        given().get("/api/v1/stats").then().statusCode(401).header("WWW-Authenticate", notNullValue());
        as(Api.LOOKUP).get("/api/v1/stats").then().statusCode(403);
        as("wrong-token").get("/api/v1/stats").then().statusCode(401);
        as(Api.ADMIN).get("/api/v1/stats").then().statusCode(200);
    }

    @Test
    void theReplicaIdIsKeptInTheDataDirectory() throws Exception {
        String id = replica.value();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(Files.readString(dataDirectory.root().resolve("replica-id")).trim())
                .isEqualTo(id);
        assertThat(new ReplicaId(dataDirectory).value())
                .as("read back, not made anew")
                .isEqualTo(id);
    }

    private static long delta(JsonPath before, JsonPath after, String kind, String zone, String source) {
        return cell(after, "hourly", kind, zone, source) - cell(before, "hourly", kind, zone, source);
    }

    private long hourlyRowOfThisReplica(String kind, String zone, String source) throws SQLException {
        List<String> values =
                rows("SELECT lookups FROM stats_hourly WHERE replica_id = '" + replica.value() + "' AND kind = '" + kind
                        + "' AND zone = '" + zone + "' AND source = '" + source + "' ORDER BY hour_start DESC");
        return values.isEmpty() ? 0 : Long.parseLong(values.get(0));
    }

    private Instant hourOfLastRow() throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT MAX(hour_start) FROM stats_hourly WHERE replica_id = ?")) {
            select.setString(1, replica.value());
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    private void insertHourly(String replica, Instant hour, String kind, String zone, String source, long n)
            throws SQLException {
        insert("stats_hourly", "hour_start", replica, hour, kind, zone, source, n);
    }

    private void insertDaily(String replica, Instant day, String kind, String zone, String source, long n)
            throws SQLException {
        insert("stats_daily", "day_start", replica, day, kind, zone, source, n);
    }

    private void insert(
            String table, String start, String replica, Instant at, String kind, String zone, String source, long n)
            throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (replica_id, " + start
                        + ", kind, zone, source, lookups) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, replica);
            insert.setObject(2, StatsStore.utc(at));
            insert.setString(3, kind);
            insert.setString(4, zone);
            insert.setString(5, source);
            insert.setLong(6, n);
            insert.executeUpdate();
        }
    }

    private List<String> rows(String sql, Instant... parameters) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, StatsStore.utc(parameters[i]));
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}
