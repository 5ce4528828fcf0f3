package dev.outpost.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.outpost.bundle.TestBundles;

/**
 * The operator endpoints of the exports (docs/exports.md) on the demo dataset the test profile
 * imports: the zone and the filter, their options, local verdicts applied, bad options refused
 * before a byte of the body, and the roles (docs/security.md).
 */
@QuarkusTest
class ExportResourceTest {
    @Inject
    Exports exports;

    private static final String OPERATOR = "test-operator-token-not-secret";
    private static final String ADMIN = "test-admin-token-not-secret";
    private static final String LOOKUP = "test-lookup-token-not-secret";

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static DcsoBloomFilter filter(byte[] body) throws IOException {
        return DcsoBloomFilter.read(new ByteArrayInputStream(body), Exports.MAX_BLOOM_BYTES);
    }

    private static boolean holds(DcsoBloomFilter filter, String value) {
        return filter.mayContain(value.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void operatorsGetTheRpzZoneOfTheDemoDatasetAsTextDns() {
        Response zone = as(OPERATOR).get("/api/v1/exports/rpz");
        zone.then()
                .statusCode(200)
                .contentType(containsString("text/dns"))
                .header("Content-Disposition", "attachment; filename=\"rpz.outpost.internal.zone\"");
        String body = zone.asString();
        assertThat(body)
                .startsWith("; Response Policy Zone written by Outpost (docs/exports.md)\n; dataset demo, sequence 1,")
                .contains("$ORIGIN rpz.outpost.internal.\n$TTL 300\n")
                .contains("@\tIN\tSOA\tlocalhost. hostmaster.localhost. 1 3600 600 604800 300\n")
                .contains("malware.testing.google.test\tCNAME\t.\n*.malware.testing.google.test\tCNAME\t.\n")
                .contains("32.7.100.51.198.rpz-ip\tCNAME\t.\n")
                // YELLOW ranges only on request; the CLEAN host never.
                .doesNotContain("24.0.2.0.192.rpz-ip")
                .doesNotContain("testsafebrowsing")
                .endsWith("0 local domain verdicts that are no DNS name\n");

        String yellow = as(ADMIN)
                .accept("text/plain")
                .queryParam("includeYellow", "true")
                .queryParam("zone", "Policy.Example.")
                .queryParam("ttl", "60")
                .queryParam("action", "nodata")
                .get("/api/v1/exports/rpz")
                .then()
                .statusCode(200)
                .contentType(containsString("text/plain"))
                .header("Content-Disposition", "attachment; filename=\"policy.example.zone\"")
                .extract()
                .asString();
        assertThat(yellow)
                .contains("$ORIGIN policy.example.\n$TTL 60\n")
                .contains("24.0.2.0.192.rpz-ip\tCNAME\t*.\n")
                .contains("32.zz.db8.2001.rpz-ip\tCNAME\t*.\n")
                .contains("malware.testing.google.test\tCNAME\t*.\n");
    }

    @Test
    void aLocalTrustedVerdictTurnsAListedDomainIntoAPassthruAndALocalMalwareRangeIsAdded() {
        List<Integer> created = new java.util.ArrayList<>();
        try {
            for (Map<String, String> verdict : List.of(
                    Map.of("kind", "domain", "value", "malware.testing.google.test", "verdict", "TRUSTED"),
                    Map.of("kind", "ip", "value", "100.64.0.0/10", "verdict", "MALWARE"),
                    Map.of("kind", "file", "value", TestBundles.EICAR_SHA256, "verdict", "CLEAN"))) {
                created.add(as(OPERATOR)
                        .contentType("application/json")
                        .body(verdict)
                        .post("/api/v1/local-verdicts")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
            }
            String zone = as(OPERATOR).get("/api/v1/exports/rpz").asString();
            assertThat(zone)
                    .contains("malware.testing.google.test\tCNAME\trpz-passthru.\t; local verdict " + created.get(0)
                            + "\n")
                    .contains("*.malware.testing.google.test\tCNAME\trpz-passthru.\t; local verdict " + created.get(0))
                    .doesNotContain("malware.testing.google.test\tCNAME\t.\n")
                    .contains("10.0.0.64.100.rpz-ip\tCNAME\t.\t; local verdict " + created.get(1) + "\n");
            // A local CLEAN on EICAR's SHA-256 takes it out of the red filter by its SHA-1 too.
            byte[] bloom = as(OPERATOR)
                    .get("/api/v1/exports/bloom")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray();
            assertThat(holds(filterOf(bloom), TestBundles.EICAR_SHA1.toUpperCase(Locale.ROOT)))
                    .isFalse();
        } finally {
            for (Integer id : created) {
                as(ADMIN).delete("/api/v1/local-verdicts/" + id).then().statusCode(204);
            }
        }
    }

    private static DcsoBloomFilter filterOf(byte[] body) {
        try {
            return filter(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void operatorsGetTheBloomFilterWithHashlookupsDefaultsOrTheirOwnOptions() throws IOException {
        Response plain = as(OPERATOR).get("/api/v1/exports/bloom");
        plain.then()
                .statusCode(200)
                .contentType("application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"outpost-sha1-red.bloom\"");
        DcsoBloomFilter filter = filter(plain.asByteArray());
        assertThat(filter.capacity()).isEqualTo(1);
        assertThat(filter.falsePositiveRate()).isEqualTo(0.0001);
        assertThat(holds(filter, TestBundles.EICAR_SHA1.toUpperCase(Locale.ROOT)))
                .isTrue();
        assertThat(holds(filter, TestBundles.EICAR_SHA1)).isFalse();

        Response gzipped = as(OPERATOR)
                .queryParam("kinds", "md5,domain")
                .queryParam("zones", "red,green")
                .queryParam("fpRate", "1e-6")
                .queryParam("case", "lower")
                .queryParam("gzip", "true")
                .get("/api/v1/exports/bloom");
        gzipped.then()
                .statusCode(200)
                .contentType("application/gzip")
                .header("Content-Disposition", "attachment; filename=\"outpost-md5-domain-red-green.bloom.gz\"");
        DcsoBloomFilter mixed = filter(gzipped.asByteArray());
        assertThat(mixed.falsePositiveRate()).isEqualTo(1e-6);
        // EICAR and three clean files by MD5; the two listed demo domains.
        assertThat(mixed.capacity()).isEqualTo(6);
        assertThat(holds(mixed, TestBundles.EICAR_MD5)).isTrue();
        assertThat(holds(mixed, "malware.testing.google.test")).isTrue();
        assertThat(holds(mixed, "testsafebrowsing.appspot.com")).isTrue();
    }

    @Test
    void refusesBadOptionsWithAProblemThatNamesThem() {
        Map<String, Map<String, String>> rpz = Map.of(
                "zone must be a DNS name", Map.of("zone", "bad zone"),
                "ttl must be a whole number", Map.of("ttl", "-1"),
                "ttl must be 0 to 2147483647 seconds", Map.of("ttl", "2147483648"),
                "action must be nxdomain, nodata or drop", Map.of("action", "passthru"),
                "includeYellow must be true or false", Map.of("includeYellow", "maybe"));
        rpz.forEach((detail, parameters) -> as(OPERATOR)
                .queryParams(parameters)
                .get("/api/v1/exports/rpz")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:invalid-export-option"))
                .body("detail", containsString(detail)));
        Map<String, Map<String, String>> bloom = Map.of(
                "unknown kind 'ip'", Map.of("kinds", "sha1,ip"),
                "unknown zone 'grey'", Map.of("zones", "grey"),
                "must be a number such as 0.0001", Map.of("fpRate", "NaN"),
                "must be at least 1.0E-15 and below 1", Map.of("fpRate", "1"),
                "case must be upper or lower", Map.of("case", "title"),
                "gzip must be true or false", Map.of("gzip", "yes"));
        bloom.forEach((detail, parameters) -> as(OPERATOR)
                .queryParams(parameters)
                .get("/api/v1/exports/bloom")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:invalid-export-option"))
                .body("detail", containsString(detail)));
    }

    private Exports.Served served(BloomOptions options) {
        Exports.Served served = exports.reserveBloom();
        exports.buildBloom(served, options);
        return served;
    }

    /**
     * As {@link #served}, once the answers before it have given their places back: an answer gives
     * its place back when it ends on the server, which can be just after the client has read it
     * (a CI run saw the first reservation refused).
     */
    private Exports.Served servedOnceFree(BloomOptions options) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                return served(options);
            } catch (ExportBusyException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }
    }

    @Test
    void whileTwoFiltersAreHeldAThirdIsRefusedWithRetryAfterAndEveryAnswerGivesItsPermitBack() {
        // Sequential answers give their permit back when they end: far more than two pass in a row.
        for (int i = 0; i < 2 * Exports.SERVED_FILTERS + 1; i++) {
            as(OPERATOR).get("/api/v1/exports/bloom").then().statusCode(200);
            // A HEAD answer has no body to write: its end gives the place back all the same.
            as(OPERATOR).head("/api/v1/exports/bloom").then().statusCode(200);
        }
        BloomOptions options = BloomOptions.parse(null, null, null, null, null);
        Exports.Served first = servedOnceFree(options);
        Exports.Served second = servedOnceFree(options);
        try {
            as(OPERATOR)
                    .get("/api/v1/exports/bloom")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", "10")
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:outpost:problem:exports-busy"));
            // The zone is streamed, never held: it is not counted.
            as(OPERATOR).get("/api/v1/exports/rpz").then().statusCode(200);
            first.release();
            assertThat(first.built()).as("a released place holds no filter").isNull();
            first.release();
            as(OPERATOR).get("/api/v1/exports/bloom").then().statusCode(200);
            Exports.Served third = served(options);
            try {
                assertThatThrownBy(() -> served(options))
                        .as("a second release of the same filter gave nothing back")
                        .isInstanceOf(ExportBusyException.class);
            } finally {
                third.release();
            }
        } finally {
            first.release();
            second.release();
        }
        as(OPERATOR).get("/api/v1/exports/bloom").then().statusCode(200);
    }

    @Test
    void onlyOperatorsAndAdminsMayExport() {
        for (String path : List.of("/api/v1/exports/rpz", "/api/v1/exports/bloom")) {
            given().get(path).then().statusCode(401).body("type", equalTo("urn:outpost:problem:unauthorized"));
            as(LOOKUP).get(path).then().statusCode(403).body("type", equalTo("urn:outpost:problem:forbidden"));
            as("not-a-token-at-all").get(path).then().statusCode(401);
            as(ADMIN).get(path).then().statusCode(200);
        }
    }
}
