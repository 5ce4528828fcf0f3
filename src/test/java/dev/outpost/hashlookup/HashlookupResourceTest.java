package dev.outpost.hashlookup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import dev.outpost.metrics.MetricsScrape;

/**
 * The hashlookup front end beyond its documented examples (HashlookupDocumentationTest): local
 * verdicts, the bulk limit and odd bodies, and its lookups counted as the native API's.
 */
@QuarkusTest
class HashlookupResourceTest {
    static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";
    static final String EICAR_SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
    static final String CLEAN_MD5 = "7a52c94ace40d9c052cf40f3541637c3";
    static final String UNKNOWN_MD5 = "00000000000000000000000000000abc";

    private final List<Integer> localVerdicts = new ArrayList<>();

    private static RequestSpecification operator() {
        return given().header("Authorization", "Bearer test-operator-token-not-secret")
                .contentType("application/json");
    }

    private int localVerdict(String value, String verdict, String threatName) {
        int id = operator()
                .body(Map.of("kind", "file", "value", value, "verdict", verdict, "threatName", threatName))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        localVerdicts.add(id);
        return id;
    }

    @AfterEach
    void removeLocalVerdicts() {
        localVerdicts.forEach(
                id -> operator().delete("/api/v1/local-verdicts/" + id).then().statusCode(204));
        localVerdicts.clear();
    }

    @Test
    void aLocalTrustedVerdictClearsAVendorMalwareRecord() {
        // Set on the SHA-256, asked by the MD5: the vendor's record names both (ADR 0009).
        int id = localVerdict(EICAR_SHA256, "TRUSTED", "Cleared.Locally");
        given().get("/hashlookup/lookup/md5/" + EICAR_MD5)
                .then()
                .statusCode(200)
                .body("$", not(hasKey("KnownMalicious")))
                .body("$", not(hasKey("outpost:popularity")))
                .body("MD5", equalTo(EICAR_MD5.toUpperCase()))
                .body("'SHA-256'", equalTo(EICAR_SHA256.toUpperCase()))
                .body("'hashlookup:trust'", equalTo(100))
                .body("'outpost:zone'", equalTo("GREEN"))
                .body("'outpost:verdict'", equalTo("TRUSTED"))
                .body("'outpost:threat-name'", equalTo("Cleared.Locally"))
                .body("'outpost:source'", equalTo("local"))
                .body("'outpost:local-verdict-id'", equalTo(id))
                .body("'outpost:created-by'", equalTo("test-operator"))
                .body("$", not(hasKey("outpost:dataset")));
        // The native API says the same.
        given().get("/api/v1/files/" + EICAR_MD5)
                .then()
                .body("zone", equalTo("GREEN"))
                .body("source.localVerdictId", equalTo(id));
    }

    @Test
    void aLocalMalwareVerdictOnACleanFileIsKnownMaliciousLocally() {
        localVerdict(CLEAN_MD5, "MALWARE", "Local.Bad");
        given().contentType("application/json")
                .body(Map.of("hashes", List.of(CLEAN_MD5, EICAR_MD5)))
                .post("/hashlookup/bulk/md5")
                .then()
                .statusCode(200)
                .body("$", hasSize(2))
                .body("[0].KnownMalicious", equalTo("local"))
                .body("[0].'hashlookup:trust'", equalTo(0))
                .body("[0].'outpost:source'", equalTo("local"))
                .body("[0].'SHA-1'", equalTo("8AE191681FA09D78923D555996D8746F8601146A"))
                .body("[1].KnownMalicious", equalTo("demo"));
    }

    @Test
    void aLocalVerdictOnAnUnknownFileAnswersWithWhatIsKnown() {
        given().get("/hashlookup/lookup/md5/" + UNKNOWN_MD5).then().statusCode(404);
        int id = localVerdict(UNKNOWN_MD5, "RISKWARE", "Local.Tool");
        String body = given().get("/hashlookup/lookup/md5/" + UNKNOWN_MD5)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString();
        assertThat(body)
                .isEqualTo("{\"MD5\":\"00000000000000000000000000000ABC\",\"outpost:zone\":\"YELLOW\","
                        + "\"outpost:verdict\":\"RISKWARE\",\"outpost:threat-name\":\"Local.Tool\","
                        + "\"outpost:source\":\"local\",\"outpost:local-verdict-id\":" + id
                        + ",\"outpost:created-by\":\"test-operator\",\"hashlookup:trust\":25}");
        // A YELLOW file is not trusted, but not known malicious either; bulk answers it too.
        given().body("{\"hashes\": [\"" + UNKNOWN_MD5 + "\"]}")
                .post("/hashlookup/bulk/md5")
                .then()
                .body("$", hasSize(1))
                .body("[0]", not(hasKey("KnownMalicious")))
                .body("[0].'hashlookup:trust'", equalTo(25));
    }

    @Test
    void aBulkRequestTakesExactlyTheNativeLimit() {
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            hashes.add(i == 9_999 ? EICAR_MD5 : String.format("%032x", i + 1_000_000));
        }
        given().contentType("application/json")
                .body(Map.of("hashes", hashes))
                .post("/hashlookup/bulk/md5")
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].MD5", equalTo(EICAR_MD5.toUpperCase()));
        hashes.add(EICAR_MD5);
        given().contentType("application/json")
                .body(Map.of("hashes", hashes))
                .post("/hashlookup/bulk/md5")
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("message", equalTo("request has 10001 items; at most 10000 per request"));
    }

    @Test
    void aBulkBodyWithoutAnArrayIsCirclsNotFoundWhateverItHolds() {
        for (String body : List.of(
                "[\"" + EICAR_MD5 + "\"]",
                "{\"hashes\": \"" + EICAR_MD5 + "\"}",
                "{\"hashes\": null}",
                "{\"hashes\": {\"" + EICAR_MD5 + "\": 1}}",
                "\"hashes\"",
                "null")) {
            given().body(body)
                    .post("/hashlookup/bulk/md5")
                    .then()
                    .statusCode(404)
                    .body("message", equalTo(BulkBody.NO_HASHES));
        }
    }

    @Test
    void aBulkAnswersEachItemFoundAsOftenAsItIsAskedAndSkipsTheRest() {
        given().body("{\"other\": {\"hashes\": 1}, \"hashes\": [\"" + EICAR_MD5 + "\", 42, null, [\"" + EICAR_MD5
                        + "\"], {\"md5\": \"" + EICAR_MD5 + "\"}, \" " + EICAR_MD5 + "\", \"" + EICAR_MD5 + "\"]}")
                .post("/hashlookup/bulk/md5")
                .then()
                .statusCode(200)
                .body("$", hasSize(2))
                .body("MD5", equalTo(List.of(EICAR_MD5.toUpperCase(), EICAR_MD5.toUpperCase())));
    }

    @Test
    void lookupsAreCountedUnderTheHashlookupEndpoints() {
        Map<String, Double> before = MetricsScrape.samples();
        given().get("/hashlookup/lookup/md5/" + EICAR_MD5).then().statusCode(200);
        given().get("/hashlookup/lookup/sha1/" + "f".repeat(40)).then().statusCode(404);
        given().get("/hashlookup/lookup/sha256/nope").then().statusCode(400);
        given().body("{\"hashes\": [\"" + CLEAN_MD5 + "\", \"" + UNKNOWN_MD5 + "\", \"not-a-hash\"]}")
                .post("/hashlookup/bulk/md5")
                .then()
                .statusCode(200);
        given().body("{}").post("/hashlookup/bulk/sha1").then().statusCode(404);
        given().get("/hashlookup/info").then().statusCode(200);
        Map<String, Double> after = MetricsScrape.samples();

        assertThat(delta(before, after, "outpost_lookup_duration_seconds_count{endpoint=\"hashlookup\"}"))
                .isEqualTo(3);
        assertThat(delta(before, after, "outpost_lookup_duration_seconds_count{endpoint=\"hashlookup_bulk\"}"))
                .isEqualTo(2);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"file\",source=\"vendor\",zone=\"red\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"file\",source=\"vendor\",zone=\"green\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"file\",source=\"none\",zone=\"grey\"}"))
                .isEqualTo(2);
        // The bad SHA-256, the bulk item that is not hex, and the bulk body without its array.
        assertThat(delta(before, after, "outpost_lookups_rejected_total{kind=\"file\",reason=\"invalid_input\"}"))
                .isEqualTo(3);
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("series " + series).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }
}
