package dev.outpost.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.outpost.bundle.importing.ImportProgress;
import dev.outpost.bundle.importing.ImportService;

/**
 * The metrics at {@code /q/metrics} (issue 13), against the demo dataset: each lookup lands in its
 * kind, zone and source; refusals, bulk sizes, imports and local verdicts are counted; the dataset
 * gauges tell what is served; and no queried object and no client address ever becomes a label.
 */
@QuarkusTest
class MetricsEndpointTest {
    private static final String TOKEN = "test-operator-token-not-secret";
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Inject
    ImportService imports;

    private static Map<String, Double> scrape() {
        return MetricsScrape.samples();
    }

    private static double value(Map<String, Double> samples, String series) {
        return samples.getOrDefault(series, 0.0);
    }

    @Test
    void eachLookupCountsUnderItsKindZoneAndSource() {
        Map<String, Double> before = scrape();
        given().get("/api/v1/files/44d88612fea8a8f36de82e1278abb02f").then().statusCode(200);
        given().get("/api/v1/files/" + "0".repeat(63) + "1").then().statusCode(200);
        given().get("/api/v1/urls?url=http://testsafebrowsing.appspot.com/s/phishing.html")
                .then()
                .statusCode(200);
        given().get("/api/v1/ips/192.0.2.55").then().statusCode(200);
        given().contentType("application/json")
                .body("{\"hashes\":[\"3395856ce81f2b7382dee72602f798b642f14140\",\"not-a-hash\","
                        + "\"7987cf330ff5bb94015dfbb9eae5a99f\"]}")
                .post("/api/v1/files/lookup")
                .then()
                .statusCode(200);
        given().get("/api/v1/files/xyz").then().statusCode(400);
        Map<String, Double> after = scrape();

        // EICAR by MD5, and by SHA-1 in the bulk; the bulk's MD5 is a clean file.
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"file\",source=\"vendor\",zone=\"red\"}"))
                .isEqualTo(2);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"file\",source=\"vendor\",zone=\"green\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"file\",source=\"none\",zone=\"grey\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"url\",source=\"vendor\",zone=\"red\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"ip\",source=\"vendor\",zone=\"yellow\"}"))
                .isEqualTo(1);
        // One invalid bulk item and one invalid single lookup.
        assertThat(delta(before, after, "outpost_lookups_rejected_total{kind=\"file\",reason=\"invalid_input\"}"))
                .isEqualTo(2);
        assertThat(delta(before, after, "outpost_bulk_request_items_count{kind=\"file\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_bulk_request_items_sum{kind=\"file\"}"))
                .isEqualTo(3);
        assertThat(delta(before, after, "outpost_lookup_duration_seconds_count{endpoint=\"files\"}"))
                .isEqualTo(3);
        assertThat(delta(before, after, "outpost_lookup_duration_seconds_count{endpoint=\"files_bulk\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookup_duration_seconds_bucket{endpoint=\"urls\",le=\"+Inf\"}"))
                .isEqualTo(1);
    }

    @Test
    void theGaugesDescribeTheActiveDatasetAndTheLocalVerdicts() {
        Map<String, Double> samples = scrape();
        assertThat(samples.get("outpost_dataset_sequence")).isEqualTo(1);
        assertThat(samples.get("outpost_dataset_stale")).isEqualTo(0);
        assertThat(samples.get("outpost_ready")).isEqualTo(1);
        assertThat(samples.get("outpost_dataset_records{kind=\"file\"}")).isEqualTo(5);
        assertThat(samples.get("outpost_dataset_records{kind=\"ip\"}")).isEqualTo(3);
        assertThat(samples.get("outpost_dataset_age_seconds")).isPositive();
        assertThat(samples.get("outpost_dataset_expires_timestamp_seconds"))
                .isEqualTo(java.time.Instant.parse("2036-11-20T00:00:00Z").getEpochSecond());
        assertThat(samples.get("outpost_store_block_cache_capacity_bytes")).isEqualTo(64.0 * 1024 * 1024);
        assertThat(samples.get("outpost_store_block_cache_usage_bytes")).isPositive();

        double verdicts = samples.get("outpost_local_verdicts");
        int id = given().header("Authorization", "Bearer " + TOKEN)
                .contentType("application/json")
                .body(Map.of("kind", "domain", "value", "metrics-test.example", "verdict", "MALWARE"))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        try {
            assertThat(scrape().get("outpost_local_verdicts")).isEqualTo(verdicts + 1);
            given().get("/api/v1/domains/metrics-test.example").then().statusCode(200);
            assertThat(scrape().get("outpost_lookups_total{kind=\"domain\",source=\"local\",zone=\"red\"}"))
                    .isGreaterThanOrEqualTo(1);
        } finally {
            given().header("Authorization", "Bearer " + TOKEN)
                    .delete("/api/v1/local-verdicts/" + id)
                    .then()
                    .statusCode(204);
        }
    }

    @Test
    void aRejectedImportCountsUnderItsReason() throws Exception {
        Map<String, Double> before = scrape();
        byte[] notABundle = "this is not a bundle".getBytes(StandardCharsets.UTF_8);
        imports.importStream(new ByteArrayInputStream(notABundle), "metrics-test.bundle", "test", ImportProgress.NONE);
        Map<String, Double> after = scrape();
        assertThat(delta(before, after, "outpost_imports_total{outcome=\"rejected\",reason=\"not-a-bundle\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_import_duration_seconds_count{outcome=\"rejected\"}"))
                .isEqualTo(1);
        // Registered from the start (the demo dataset may have been activated by an earlier run).
        assertThat(after).containsKey("outpost_imports_total{outcome=\"activated\",reason=\"none\"}");
    }

    @Test
    void noQueriedObjectAndNoClientAddressBecomesALabel() {
        String marker = "f00dfacecafe" + Long.toHexString(System.nanoTime());
        String hash = (marker + "0".repeat(64)).substring(0, 64);
        given().header("X-Forwarded-For", "203.0.113.77")
                .get("/api/v1/files/" + hash)
                .then()
                .statusCode(200);
        given().get("/api/v1/files/" + marker + "zz").then().statusCode(400);
        given().get("/api/v1/domains/" + marker + ".example").then().statusCode(200);
        given().get("/api/v1/urls?url=http://" + marker + ".example/" + marker)
                .then()
                .statusCode(200);
        given().get("/api/v1/ips/203.0.113.77").then().statusCode(200);
        given().contentType("application/json")
                .body("{\"hashes\":[\"" + hash + "\",\"" + marker + "\"]}")
                .post("/api/v1/files/lookup")
                .then()
                .statusCode(200);
        given().get("/no/such/" + marker).then().statusCode(404);
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(text).doesNotContain(marker).doesNotContain("203.0.113.77").doesNotContain("127.0.0.1");
        // Every label of Outpost's own series takes its value from a closed set.
        Map<String, Set<String>> allowed = Map.of(
                "kind", Set.of("file", "certificate", "url", "domain", "ip"),
                "zone", Set.of("red", "yellow", "green", "grey"),
                "source", Set.of("vendor", "local", "none"),
                "outcome", Set.of("activated", "already_active", "rejected", "failed"),
                "endpoint",
                        Set.of(
                                "files",
                                "files_bulk",
                                "certificates",
                                "certificates_bulk",
                                "urls",
                                "urls_bulk",
                                "domains",
                                "domains_bulk",
                                "ips",
                                "ips_bulk",
                                "hashlookup",
                                "hashlookup_bulk",
                                "opentip_hash",
                                "opentip_ip",
                                "opentip_domain",
                                "opentip_url",
                                "dns_hash",
                                "dns_ip",
                                "dns_domain"),
                "le", Set.of());
        for (String line : text.split("\n")) {
            if (!line.startsWith("outpost_")) {
                continue;
            }
            Matcher label = LABEL.matcher(line);
            while (label.find()) {
                if (label.group(1).equals("reason")) {
                    // The importer's reason codes (ImportCounters), or why a lookup was refused.
                    assertThat(label.group(2)).as(line).matches("[a-z0-9_]+|[a-z0-9]+(-[a-z0-9]+)+");
                    continue;
                }
                assertThat(allowed).as(line).containsKey(label.group(1));
                if (!label.group(1).equals("le")) {
                    assertThat(allowed.get(label.group(1))).as(line).contains(label.group(2));
                }
            }
        }
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("exported: " + series).containsKey(series);
        return value(after, series) - value(before, series);
    }
}
