package dev.outpost.stats;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.outpost.config.DataDirectory;

/**
 * The privacy promise with the query log off (the default): after lookups of a marker hash, URL,
 * domain and address from a marker client, neither the database (every table, every row) nor any
 * file of the data directory holds any of them, once the statistics and the query log have been
 * written out.
 */
@QuarkusTest
class StatsPrivacyTest {
    @Inject
    Statistics statistics;

    @Inject
    QueryLogWriter queryLogWriter;

    @Inject
    DataSource database;

    @Inject
    DataDirectory dataDirectory;

    @Test
    void withTheQueryLogOffNoQueriedObjectAndNoClientAddressIsStored() throws Exception {
        String hash = Api.randomHex(32);
        String host = "privacy-" + Api.randomHex(6) + ".example";
        String path = "/p-" + Api.randomHex(6);
        String ip = "2001:db8:" + Api.randomGroup() + ":" + Api.randomGroup() + "::" + Api.randomGroup();
        String client = Api.randomLoopbackClient();
        String forwarded = "192.0.2." + (1 + Integer.parseInt(Api.randomHex(1), 16) % 250);

        Map<String, String> headers = Map.of("X-Forwarded-For", forwarded, "Forwarded", "for=" + forwarded);
        assertThat(Api.getFrom(client, "/api/v1/files/" + hash, headers)).contains(" 200 ");
        assertThat(Api.getFrom(client, "/api/v1/certificates/" + hash.toUpperCase(Locale.ROOT), headers))
                .contains(" 200 ");
        assertThat(Api.getFrom(client, "/api/v1/urls?url=http://" + host + path, headers))
                .contains(" 200 ");
        assertThat(Api.getFrom(client, "/api/v1/domains/" + host, headers)).contains(" 200 ");
        assertThat(Api.getFrom(client, "/api/v1/ips/" + ip, headers)).contains(" 200 ");
        given().contentType("application/json")
                .body(Map.of("hashes", List.of(hash, hash.substring(0, 40))))
                .post("/api/v1/files/lookup")
                .then()
                .statusCode(200);

        statistics.flush();
        queryLogWriter.write();

        List<String> markers = List.of(hash, hash.substring(0, 40), host, path, ip, client, forwarded);
        String dump = Api.dumpH2(database);
        assertThat(dump)
                .as("the dump holds the tables")
                .contains("STATS_HOURLY")
                .contains("QUERY_LOG");
        for (String marker : markers) {
            assertThat(dump.toLowerCase(Locale.ROOT))
                    .as("database dump")
                    .doesNotContain(marker.toLowerCase(Locale.ROOT));
            assertThat(Api.filesContaining(dataDirectory.root(), marker.getBytes(StandardCharsets.UTF_8)))
                    .as("files holding %s", marker)
                    .isEmpty();
            assertThat(Api.filesContaining(
                            dataDirectory.root(),
                            marker.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)))
                    .isEmpty();
        }
        // Nor as the binary digest a store would key it by.
        assertThat(Api.filesContaining(dataDirectory.root(), HexFormat.of().parseHex(hash)))
                .isEmpty();
    }
}
