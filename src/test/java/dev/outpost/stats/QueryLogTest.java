package dev.outpost.stats;

import static dev.outpost.stats.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.outpost.audit.Actor;
import dev.outpost.audit.AuditActions;

/**
 * The query log turned on with its defaults otherwise (objects=hashes, no client addresses): a hash
 * is logged and a URL is not, no address is kept, a full queue drops and counts, the purge removes
 * what is past retention and audits it, and the admin endpoint pages it for admins only.
 */
@QuarkusTest
@TestProfile(QueryLogTest.HashesOnly.class)
class QueryLogTest {
    static final int QUEUE = 50;

    public static class HashesOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "outpost.query-log.enabled",
                    "true",
                    "outpost.query-log.queue-capacity",
                    Integer.toString(QUEUE),
                    // The test writes when it wants to.
                    "outpost.query-log.write-interval",
                    "1h",
                    "outpost.data-dir",
                    "target/test-data/query-log-" + System.nanoTime());
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(RecordingAuditLog.class);
        }
    }

    @Inject
    QueryLogWriter writer;

    @Inject
    QueryLog log;

    @Inject
    DataSource database;

    @Inject
    RecordingAuditLog audit;

    @Test
    void aHashIsLoggedButNotAUrlAndNoClientAddress() throws Exception {
        writer.write();
        String hash = Api.randomHex(32);
        String host = "logged-" + Api.randomHex(6) + ".example";
        String client = Api.randomLoopbackClient();

        assertThat(Api.getFrom(client, "/api/v1/files/" + hash.toUpperCase(Locale.ROOT), Map.of()))
                .contains(" 200 ");
        assertThat(Api.getFrom(client, "/api/v1/urls?url=http://" + host + "/x", Map.of()))
                .contains(" 200 ");
        assertThat(Api.getFrom(client, "/api/v1/domains/" + host, Map.of())).contains(" 200 ");
        given().get("/api/v1/files/{hash}", Api.EICAR_SHA256).then().statusCode(200);
        assertThat(writer.write()).isEqualTo(2);

        JsonPath page = as(Api.ADMIN)
                .get("/api/v1/admin/query-log?size=2")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(true))
                .body("objects", equalTo("hashes"))
                .body("clientAddresses", equalTo(false))
                .extract()
                .jsonPath();
        assertThat(page.getList("entries")).hasSize(2);
        assertThat(page.getString("entries[0].object")).isEqualTo(Api.EICAR_SHA256);
        assertThat(page.getString("entries[0].zone")).isEqualTo("red");
        assertThat(page.getString("entries[0].source")).isEqualTo("vendor");
        assertThat(page.getString("entries[1].object")).isEqualTo(hash);
        assertThat(page.getString("entries[1].kind")).isEqualTo("file");
        assertThat(page.getString("entries[1].zone")).isEqualTo("grey");
        assertThat(page.getString("entries[1].client")).isNull();

        String dump = Api.dumpH2(database).toLowerCase(Locale.ROOT);
        assertThat(dump).contains(hash).doesNotContain(host).doesNotContain(client);
    }

    @Test
    void aFullQueueDropsEntriesAndCountsThem() {
        writer.write();
        long dropped = log.dropped();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < QUEUE + 7; i++) {
            hashes.add(Api.randomHex(32));
        }
        given().contentType("application/json")
                .body(Map.of("hashes", hashes))
                .post("/api/v1/files/lookup")
                .then()
                .statusCode(200);
        assertThat(log.queued()).isEqualTo(QUEUE);
        assertThat(log.dropped() - dropped).isEqualTo(7);
        as(Api.OPERATOR)
                .get("/api/v1/stats?hours=1&days=1")
                .then()
                .statusCode(200)
                .body("queryLog.enabled", equalTo(true))
                .body("queryLog.queued", equalTo(QUEUE))
                .body("queryLog.dropped", equalTo((int) log.dropped()));
        assertThat(writer.write()).isEqualTo(QUEUE);
        assertThat(log.queued()).isZero();
    }

    @Test
    void thePurgeRemovesEntriesPastRetentionAndAuditsIt() throws SQLException {
        Instant now = Instant.now();
        insert(now.minus(8, ChronoUnit.DAYS), "purge-" + Api.randomHex(8));
        insert(now.minus(30, ChronoUnit.DAYS), "purge-" + Api.randomHex(8));
        String kept = "kept-" + Api.randomHex(8);
        insert(now.minus(6, ChronoUnit.DAYS), kept);
        int audited = audit.recorded(AuditActions.QUERY_LOG_PURGED).size();

        assertThat(writer.purge(now)).isEqualTo(2);
        List<RecordingAuditLog.Recorded> purges = audit.recorded(AuditActions.QUERY_LOG_PURGED);
        assertThat(purges).hasSize(audited + 1);
        RecordingAuditLog.Recorded purge = purges.get(purges.size() - 1);
        assertThat(purge.actor()).isEqualTo(Actor.system());
        assertThat(purge.details()).containsEntry("rows", "2").containsEntry("retention", "PT168H");
        assertThat(Api.dumpH2(database)).contains(kept).doesNotContain("purge-");

        // Nothing left to remove: nothing to audit.
        assertThat(writer.purge(now)).isZero();
        assertThat(audit.recorded(AuditActions.QUERY_LOG_PURGED)).hasSize(audited + 1);
    }

    @Test
    void theLogIsForAdminsAndPagedWithinBounds() {
        given().get("/api/v1/admin/query-log").then().statusCode(401);
        as(Api.OPERATOR).get("/api/v1/admin/query-log").then().statusCode(403);
        as(Api.LOOKUP).get("/api/v1/admin/query-log").then().statusCode(403);
        as(Api.ADMIN).get("/api/v1/admin/query-log").then().statusCode(200).body("size", equalTo(100));
        for (String query : List.of("size=0", "size=1001", "page=-1", "page=x", "page=2147484")) {
            as(Api.ADMIN)
                    .get("/api/v1/admin/query-log?" + query)
                    .then()
                    .statusCode(400)
                    .body("type", equalTo("urn:outpost:problem:invalid-request"));
        }
        as(Api.ADMIN)
                .get("/api/v1/admin/query-log?page=2147483&size=1000")
                .then()
                .statusCode(200);
    }

    private void insert(Instant at, String object) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO query_log (logged_at, kind, subject, zone, source) VALUES (?, 'file', ?, 'grey', 'none')")) {
            insert.setObject(1, StatsStore.utc(at));
            insert.setString(2, object);
            insert.executeUpdate();
        }
    }
}
