package dev.outpost.opentip;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
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
 * The OpenTIP front end beyond its documented examples (OpentipDocumentationTest): local verdicts win
 * as in the native API, and its lookups are counted as the native API's.
 */
@QuarkusTest
class OpentipResourceTest {
    static final String SEARCH = "/opentip/api/v1/search/";
    static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";

    private final List<Integer> localVerdicts = new ArrayList<>();

    private static RequestSpecification operator() {
        return given().header("Authorization", "Bearer test-operator-token-not-secret")
                .contentType("application/json");
    }

    private int localVerdict(String kind, String value, String verdict) {
        int id = operator()
                .body(Map.of("kind", kind, "value", value, "verdict", verdict, "threatName", "Local." + verdict))
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
    void aLocalVerdictWinsOverTheVendorsForEveryKind() {
        int file = localVerdict("file", EICAR_MD5, "TRUSTED");
        given().get(SEARCH + "hash?request=" + EICAR_MD5.toUpperCase())
                .then()
                .statusCode(200)
                .body("Zone", equalTo("Green"))
                .body("FileGeneralInfo.FileStatus", equalTo("Clean"))
                .body("FileGeneralInfo.Sha256", equalTo(FileDigests.EICAR_SHA256))
                .body("FileGeneralInfo", not(hasKey("HitsCount")))
                .body("DetectionsInfo[0].DetectionName", equalTo("Local.TRUSTED"))
                .body("DetectionsInfo[0].Zone", equalTo("Green"))
                .body("'outpost:source'.type", equalTo("local"))
                .body("'outpost:source'.localVerdictId", equalTo(file))
                .body("'outpost:source'.createdBy", equalTo("test-operator"));

        localVerdict("url", "http://testsafebrowsing.appspot.com/s/phishing.html", "CLEAN");
        given().get(SEARCH + "url?request=http://testsafebrowsing.appspot.com/s/phishing.html?a=1&b=2")
                .then()
                .statusCode(200)
                .body("Zone", equalTo("Green"))
                .body("UrlGeneralInfo.Categories.size()", equalTo(0))
                .body("'outpost:source'.type", equalTo("local"));

        localVerdict("domain", "unknown-until-now.example", "PHISHING");
        given().get(SEARCH + "domain?request=login.unknown-until-now.example")
                .then()
                .statusCode(200)
                .body("Zone", equalTo("Red"))
                .body("DomainGeneralInfo.Domain", equalTo("login.unknown-until-now.example"))
                .body("DomainGeneralInfo.Categories", equalTo(List.of("CATEGORY_PHISHING")))
                .body("'outpost:matched-expression'", equalTo("unknown-until-now.example"))
                .body("'outpost:threat-name'", equalTo("Local.PHISHING"));

        localVerdict("ip", "203.0.113.0/24", "ADWARE");
        given().get(SEARCH + "ip?request=203.0.113.9")
                .then()
                .statusCode(200)
                .body("Zone", equalTo("Yellow"))
                .body("IpGeneralInfo.CategoriesWithZone[0].Name", equalTo("CATEGORY_ADWARE"))
                .body("IpGeneralInfo.CategoriesWithZone[0].Zone", equalTo("Yellow"))
                .body("'outpost:matched-expression'", equalTo("203.0.113.0/24"));
    }

    @Test
    void aLocalVerdictOnAFileTheVendorDoesNotKnowNamesTheDigestAsked() {
        String sha1 = "00000000000000000000000000000000000000aa";
        given().get(SEARCH + "hash?request=" + sha1).then().statusCode(404);
        localVerdict("file", sha1, "SUSPICIOUS");
        String body = given().get(SEARCH + "hash?request=" + sha1)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(body)
                .startsWith("{\"Zone\":\"Yellow\",\"FileGeneralInfo\":{\"FileStatus\":\"Adware and other\","
                        + "\"Sha1\":\"00000000000000000000000000000000000000AA\"},\"DetectionsInfo\":"
                        + "[{\"Zone\":\"Yellow\",\"DetectionName\":\"Local.SUSPICIOUS\"}],\"outpost:source\":"
                        + "{\"type\":\"local\",");
    }

    @Test
    void aPathThatNamesNoOperationIsAJsonNotFound() {
        for (String path : List.of("/opentip", "/opentip/", "/opentip/api/v2/search/hash", "/opentip/api/v1/search")) {
            given().get(path).then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    void lookupsAreCountedUnderTheOpentipEndpoints() {
        Map<String, Double> before = MetricsScrape.samples();
        given().get(SEARCH + "hash?request=" + EICAR_MD5).then().statusCode(200);
        given().get(SEARCH + "hash?request=nope").then().statusCode(400);
        given().get(SEARCH + "ip?request=192.0.2.7").then().statusCode(200);
        given().get(SEARCH + "ip?request=203.0.113.7").then().statusCode(404);
        given().get(SEARCH + "domain?request=malware.testing.google.test")
                .then()
                .statusCode(200);
        given().get(SEARCH + "url?request=http://testsafebrowsing.appspot.com/s/malware.html")
                .then()
                .statusCode(200);
        given().get(SEARCH + "url").then().statusCode(400);
        Map<String, Double> after = MetricsScrape.samples();

        assertThat(delta(before, after, "outpost_lookup_duration_seconds_count{endpoint=\"opentip_hash\"}"))
                .isEqualTo(2);
        assertThat(delta(before, after, "outpost_lookup_duration_seconds_count{endpoint=\"opentip_ip\"}"))
                .isEqualTo(2);
        assertThat(delta(before, after, "outpost_lookup_duration_seconds_count{endpoint=\"opentip_domain\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookup_duration_seconds_count{endpoint=\"opentip_url\"}"))
                .isEqualTo(2);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"file\",source=\"vendor\",zone=\"red\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"ip\",source=\"vendor\",zone=\"yellow\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"ip\",source=\"none\",zone=\"grey\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"domain\",source=\"vendor\",zone=\"red\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"url\",source=\"vendor\",zone=\"red\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_rejected_total{kind=\"file\",reason=\"invalid_input\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_rejected_total{kind=\"url\",reason=\"invalid_input\"}"))
                .isEqualTo(1);
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("series " + series).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    /** The demo dataset's EICAR record, as OpenTIP writes digests. */
    static final class FileDigests {
        static final String EICAR_SHA256 = "275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F";

        private FileDigests() {}
    }
}
