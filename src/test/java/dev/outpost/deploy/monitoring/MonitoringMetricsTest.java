package dev.outpost.deploy.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Every metric the dashboard and the alert rules use is one the application exports at /q/metrics
 * (issue 13): a renamed or dropped metric would leave a panel empty and an alert silent, and neither
 * says so. The test profile has imported the demo bundle; lookups of every kind, single and bulk, valid
 * and not, run first so that the counters and histograms with labels exist.
 */
@QuarkusTest
class MonitoringMetricsTest {
    // Prometheus's own series, not the application's.
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    private static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";
    private static final String EICAR_SHA1 = "3395856ce81f2b7382dee72602f798b642f14140";
    private static final String ISRG_ROOT_X1 = "96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6";
    private static final String PHISHING_URL = "http://testsafebrowsing.appspot.com/s/phishing.html";

    private static Scrape scrape;

    /** The metric families (# TYPE lines) and sample names of one scrape. */
    record Scrape(Map<String, String> familyTypes, Set<String> sampleNames) {
        static Scrape parse(String text) {
            Map<String, String> types = new TreeMap<>();
            Set<String> samples = new TreeSet<>();
            for (String line : text.split("\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith("# TYPE ")) {
                    String[] parts = trimmed.split("\\s+");
                    types.put(parts[2], parts[3]);
                } else if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    int end = 0;
                    while (end < trimmed.length() && trimmed.charAt(end) != '{' && trimmed.charAt(end) != ' ') {
                        end++;
                    }
                    samples.add(trimmed.substring(0, end));
                }
            }
            return new Scrape(types, samples);
        }

        /** A family is exported if a # TYPE line names it or a sample of it is there. */
        boolean exportsFamily(String family) {
            return familyTypes.containsKey(family)
                    || sampleNames.contains(family)
                    || sampleNames.stream()
                            .anyMatch(sample -> PromQlMetricNames.family(sample).equals(family));
        }
    }

    /** Once per class; not @BeforeAll, which runs before Quarkus has set the test port. */
    @BeforeEach
    void lookUpEveryKindThenScrape() {
        if (scrape != null) {
            return;
        }
        given().get("/api/v1/files/{hash}", EICAR_MD5).then().statusCode(200);
        given().get("/api/v1/files/{hash}", "0000000000000000000000000000000000000000000000000000000000000001")
                .then()
                .statusCode(200);
        given().get("/api/v1/files/{hash}", "not-a-hash").then().statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("hashes", List.of(EICAR_SHA1, "not-a-hash", "7987cf330ff5bb94015dfbb9eae5a99f")))
                .post("/api/v1/files/lookup")
                .then()
                .statusCode(200);
        given().get("/api/v1/certificates/{sha256}", ISRG_ROOT_X1).then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("hashes", List.of(ISRG_ROOT_X1, EICAR_MD5)))
                .post("/api/v1/certificates/lookup")
                .then()
                .statusCode(200);
        given().queryParam("url", PHISHING_URL).get("/api/v1/urls").then().statusCode(200);
        given().queryParam("url", "mailto:someone@example.org")
                .get("/api/v1/urls")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("urls", List.of(PHISHING_URL, "http://www.example.org/")))
                .post("/api/v1/urls/lookup")
                .then()
                .statusCode(200);
        given().get("/api/v1/domains/{name}", "a.b.malware.testing.google.test")
                .then()
                .statusCode(200);
        given().get("/api/v1/ips/{address}", "192.0.2.55").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("addresses", List.of("192.0.2.55", "2001:db8::1", "300.1.1.1")))
                .post("/api/v1/ips/lookup")
                .then()
                .statusCode(200);

        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        scrape = Scrape.parse(text);
    }

    @Test
    void theScrapeHoldsQuarkusHttpAndJvmMetrics() {
        // A parser that read nothing would make the tests below vacuous.
        assertThat(scrape.sampleNames()).contains("http_server_requests_seconds_count", "jvm_memory_used_bytes");
    }

    @Test
    void exportsTheQuarkusAndJvmMetricsTheMonitoringUses() {
        assertThat(unexported(name -> !name.startsWith("outpost_")))
                .as("metric families used by deploy/monitoring but not exported at /q/metrics")
                .isEmpty();
    }

    @Test
    void exportsTheOutpostMetricsTheMonitoringUses() {
        assertThat(unexported(name -> name.startsWith("outpost_")))
                .as("metric families used by deploy/monitoring but not exported at /q/metrics")
                .isEmpty();
    }

    @Test
    void exportsEveryHistogramSeriesTheMonitoringUses() {
        // histogram_quantile needs _bucket series: a timer exported without its histogram has none.
        SortedMap<String, List<String>> missing = new TreeMap<>();
        MonitoringAssets.metricNamesUsed().forEach((name, where) -> {
            String family = PromQlMetricNames.family(name);
            if (!family.equals(name)
                    && scrape.exportsFamily(family)
                    && !scrape.sampleNames().contains(name)) {
                missing.put(name, where);
            }
        });

        assertThat(missing)
                .as("series used by deploy/monitoring whose family is exported without them")
                .isEmpty();
    }

    @Test
    void usesOnlyMetricsOfOutpostQuarkusTheJvmAndPrometheus() {
        Set<String> used = MonitoringAssets.metricNamesUsed().keySet();

        assertThat(used).contains("outpost_ready", "outpost_lookups_total", "http_server_requests_seconds_count");
        assertThat(used)
                .allMatch(name ->
                        name.matches("(outpost|http_server|jvm|process)_[a-z0-9_]+") || PROMETHEUS_OWN.contains(name));
    }

    /**
     * The families among the used names that pass the filter and that the scrape does not export,
     * each with the names it was used as (a histogram as _bucket, _count, _sum).
     */
    private static SortedMap<String, Set<String>> unexported(Predicate<String> filter) {
        SortedMap<String, Set<String>> missing = new TreeMap<>();
        for (String name : MonitoringAssets.metricNamesUsed().keySet()) {
            String family = PromQlMetricNames.family(name);
            if (!PROMETHEUS_OWN.contains(name) && filter.test(name) && !scrape.exportsFamily(family)) {
                missing.computeIfAbsent(family, f -> new TreeSet<>()).add(name);
            }
        }
        return missing;
    }
}
