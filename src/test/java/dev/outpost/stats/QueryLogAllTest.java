package dev.outpost.stats;

import static dev.outpost.stats.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The query log holding everything an operator may ask for: canonical web objects and client addresses. */
@QuarkusTest
@TestProfile(QueryLogAllTest.Everything.class)
class QueryLogAllTest {
    public static class Everything implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "outpost.query-log.enabled", "true",
                    "outpost.query-log.objects", "all",
                    "outpost.query-log.client-addresses", "true",
                    "outpost.query-log.write-interval", "1h",
                    "outpost.data-dir", "target/test-data/query-log-all-" + System.nanoTime());
        }
    }

    @Inject
    QueryLogWriter writer;

    @Test
    void webObjectsAreLoggedCanonicalWithTheClientsAddress() throws Exception {
        writer.write();
        String host = "All-" + Api.randomHex(6) + ".Example";
        String client = Api.randomLoopbackClient();
        assertThat(Api.getFrom(
                        client, "/api/v1/urls?url=HTTP://" + host + "/a/../b", Map.of("X-Forwarded-For", "192.0.2.1")))
                .contains(" 200 ");
        assertThat(Api.getFrom(client, "/api/v1/ips/192.0.2.55", Map.of())).contains(" 200 ");
        assertThat(writer.write()).isEqualTo(2);

        JsonPath page = as(Api.ADMIN)
                .get("/api/v1/admin/query-log?size=2")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, Object>> entries = page.getList("entries");
        assertThat(entries).extracting(e -> e.get("kind")).containsExactly("ip", "url");
        assertThat(entries.get(0)).containsEntry("object", "192.0.2.55").containsEntry("zone", "yellow");
        assertThat(entries.get(1))
                .containsEntry("object", "http://" + host.toLowerCase(java.util.Locale.ROOT) + "/b")
                .containsEntry("zone", "grey")
                .containsEntry("source", "none");
        // The connection's address, never a forwarded-for header a client writes itself.
        assertThat(entries).extracting(e -> e.get("client")).containsOnly(client);
    }
}
