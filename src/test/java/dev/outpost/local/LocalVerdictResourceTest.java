package dev.outpost.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Local verdicts through the operator API, against the demo dataset (ADR 0009): they win over
 * vendor data, the most specific first; lookups say where a verdict came from; bad input, missing
 * tokens and duplicates get problems. Every test leaves the table empty, as other tests expect.
 */
@QuarkusTest
class LocalVerdictResourceTest {
    /** The test profile's operator token (application.properties). */
    private static final String TOKEN = "test-operator-token-not-secret";

    @Inject
    LocalVerdicts verdicts;

    private static RequestSpecification operator() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType("application/json");
    }

    /** Any verdict, whoever's: an admin's (the ownership rule, LocalVerdictOwnershipTest). */
    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token-not-secret")
                .contentType("application/json");
    }

    @BeforeEach
    @AfterEach
    void clear() {
        List<Integer> ids =
                admin().get("/api/v1/local-verdicts?size=1000").jsonPath().getList("id");
        ids.forEach(id -> admin().delete("/api/v1/local-verdicts/" + id).then().statusCode(204));
    }

    private static int create(String kind, String value, String verdict) {
        return operator()
                .body(Map.of("kind", kind, "value", value, "verdict", verdict, "comment", "test"))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void everyMethodNeedsAValidOperatorToken() {
        given().get("/api/v1/local-verdicts")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"outpost\"")
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:unauthorized"));
        given().header("Authorization", "Bearer wrong")
                .contentType("application/json")
                .body(Map.of("kind", "domain", "value", "x.example", "verdict", "MALWARE"))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer wrong")
                .delete("/api/v1/local-verdicts/1")
                .then()
                .statusCode(401);
        assertThat(verdicts.count()).isZero();
        // The API description tells clients which scheme to use.
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("components.securitySchemes.'operator-token'.scheme", equalTo("bearer"))
                .body("paths.'/api/v1/local-verdicts'.post.security[0].'operator-token'", hasSize(0));
    }

    @Test
    void aLocalUrlVerdictWinsOverTheVendorsAndSaysSo() {
        String phishing = "http://testsafebrowsing.appspot.com/s/phishing.html";
        given().queryParam("url", phishing).get("/api/v1/urls").then().body("zone", equalTo("RED"));

        int id = create("url", "HTTP://TestSafeBrowsing.appspot.com/s/%70hishing.html", "TRUSTED");
        operator()
                .get("/api/v1/local-verdicts/" + id)
                .then()
                .statusCode(200)
                .body("subject", equalTo("testsafebrowsing.appspot.com/s/phishing.html"))
                .body("zone", equalTo("GREEN"))
                .body("createdBy", equalTo("test-operator"));
        given().queryParam("url", phishing + "?x=1")
                .get("/api/v1/urls")
                .then()
                .statusCode(200)
                .body("zone", equalTo("GREEN"))
                .body("verdict", equalTo("TRUSTED"))
                .body("matchedExpression", equalTo("testsafebrowsing.appspot.com/s/phishing.html"))
                .body("source.type", equalTo("local"))
                .body("source.localVerdictId", equalTo(id))
                .body("source.createdBy", equalTo("test-operator"))
                .body("source.dataset", nullValue())
                // The operator's verdict replaces the vendor's: no vendor popularity or dates.
                .body("popularity", nullValue())
                .body("firstSeen", nullValue());

        operator().delete("/api/v1/local-verdicts/" + id).then().statusCode(204);
        given().queryParam("url", phishing)
                .get("/api/v1/urls")
                .then()
                .body("zone", equalTo("RED"))
                .body("source.type", equalTo("vendor"));
    }

    @Test
    void theMostSpecificLocalMatchWinsEvenOverAMoreSevereVendorOne() {
        // Vendor: malware.testing.google.test is RED as a domain. Locally the whole domain is
        // cleared, but one path is blocked: the more specific local verdict decides.
        create("domain", "testing.google.test", "CLEAN");
        create("url", "http://malware.testing.google.test/bad/", "MALWARE");
        given().queryParam("url", "http://a.malware.testing.google.test/bad/x.html")
                .get("/api/v1/urls")
                .then()
                .body("zone", equalTo("RED"))
                .body("matchType", equalTo("url"))
                .body("matchedExpression", equalTo("malware.testing.google.test/bad/"))
                .body("source.type", equalTo("local"));
        given().queryParam("url", "http://a.malware.testing.google.test/good.html")
                .get("/api/v1/urls")
                .then()
                .body("zone", equalTo("GREEN"))
                .body("matchType", equalTo("domain"))
                .body("matchedExpression", equalTo("testing.google.test"));
        given().get("/api/v1/domains/{name}", "x.malware.testing.google.test")
                .then()
                .body("zone", equalTo("GREEN"))
                .body("source.type", equalTo("local"));
    }

    @Test
    void localIpRangesTakePrecedenceAndKeepLongestPrefixAmongThemselves() {
        // Vendor: 192.0.2.0/24 is SUSPICIOUS and 198.51.100.7 MALWARE.
        create("ip", "192.0.0.0/16", "CLEAN");
        create("ip", "198.51.100.0/24", "TRUSTED");
        create("ip", "198.51.100.0/25", "SUSPICIOUS");
        given().get("/api/v1/ips/{address}", "192.0.2.55")
                .then()
                .body("zone", equalTo("GREEN"))
                .body("matchedExpression", equalTo("192.0.0.0/16"))
                .body("source.type", equalTo("local"));
        given().get("/api/v1/ips/{address}", "198.51.100.7")
                .then()
                .body("zone", equalTo("YELLOW"))
                .body("matchedExpression", equalTo("198.51.100.0/25"));
        given().get("/api/v1/ips/{address}", "198.51.100.200")
                .then()
                .body("zone", equalTo("GREEN"))
                .body("matchedExpression", equalTo("198.51.100.0/24"));
        given().queryParam("url", "http://198.51.100.7/login")
                .get("/api/v1/urls")
                .then()
                .body("zone", equalTo("YELLOW"))
                .body("matchType", equalTo("ip"));
        given().get("/api/v1/ips/{address}", "203.0.113.9")
                .then()
                .body("zone", equalTo("GREY"))
                .body("source.type", equalTo("vendor"));
    }

    @Test
    void aLocalFileVerdictHoldsWhicheverDigestTheQueryUses() {
        String eicarMd5 = "44d88612fea8a8f36de82e1278abb02f";
        String eicarSha256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
        int id = create("file", eicarSha256.toUpperCase(java.util.Locale.ROOT), "TRUSTED");
        // Asked by MD5: the vendor record names the SHA-256, which has the local verdict.
        given().get("/api/v1/files/{hash}", eicarMd5)
                .then()
                .statusCode(200)
                .body("zone", equalTo("GREEN"))
                .body("verdict", equalTo("TRUSTED"))
                .body("hashes.sha256", equalTo(eicarSha256))
                .body("source.type", equalTo("local"))
                .body("source.localVerdictId", equalTo(id))
                .body("source.dataset", nullValue())
                .body("popularity", nullValue())
                .body("lastSeen", nullValue());
        // A file the vendor does not know, judged locally; and bulk answers, in order.
        String unknown = "ab".repeat(32);
        create("file", unknown, "MALWARE");
        given().contentType("application/json")
                .body(Map.of("hashes", List.of(unknown, eicarMd5, "cd".repeat(32), "nope")))
                .post("/api/v1/files/lookup")
                .then()
                .statusCode(200)
                .body("results[0].zone", equalTo("RED"))
                .body("results[0].source.type", equalTo("local"))
                .body("results[1].zone", equalTo("GREEN"))
                .body("results[2].zone", equalTo("GREY"))
                .body("results[2].source.type", equalTo("vendor"))
                .body("results[3].error.type", equalTo("invalid-hash"));
        operator().delete("/api/v1/local-verdicts/" + id).then().statusCode(204);
        given().get("/api/v1/files/{hash}", eicarMd5).then().body("zone", equalTo("RED"));
    }

    @Test
    void aLocalCertificateVerdictWinsAndCertificatesAreSha256() {
        String thumbprint = "96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6";
        create("certificate", thumbprint, "MALWARE");
        given().get("/api/v1/certificates/{sha256}", thumbprint)
                .then()
                .body("zone", equalTo("RED"))
                .body("source.type", equalTo("local"));
        operator()
                .body(Map.of("kind", "certificate", "value", "44d88612fea8a8f36de82e1278abb02f", "verdict", "CLEAN"))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:outpost:problem:invalid-hash"));
    }

    @Test
    void badRequestsAreProblemsAndNothingIsStored() {
        Map<String, Map<String, String>> bad = Map.of(
                "invalid-local-verdict", Map.of("kind", "registry-key", "value", "x", "verdict", "MALWARE"),
                "invalid-hash", Map.of("kind", "file", "value", "xyz", "verdict", "MALWARE"),
                "invalid-url", Map.of("kind", "url", "value", "mailto:a@b", "verdict", "MALWARE"),
                "invalid-domain", Map.of("kind", "domain", "value", "10.0.0.1", "verdict", "MALWARE"),
                "invalid-ip", Map.of("kind", "ip", "value", "10.1.2.3/8", "verdict", "MALWARE"));
        bad.forEach((type, body) -> operator()
                .body(body)
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:" + type)));
        for (String verdict : new String[] {"UNKNOWN", "EVIL", ""}) {
            operator()
                    .body(Map.of("kind", "domain", "value", "x.example", "verdict", verdict))
                    .post("/api/v1/local-verdicts")
                    .then()
                    .statusCode(400)
                    .body("type", equalTo("urn:outpost:problem:invalid-local-verdict"));
        }
        operator().body("{").post("/api/v1/local-verdicts").then().statusCode(400);
        operator()
                .body(Map.of("kind", "url", "value", "http://x.example/" + "a".repeat(3_000), "verdict", "MALWARE"))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("at most 2048"));
        assertThat(verdicts.count()).isZero();
    }

    /** Issue 11 item 2: a threat name the index would refuse is refused at write time, field named. */
    @Test
    void aThreatNameTheIndexWouldRefuseIsRefusedWhenWritten() {
        String cleanFile = "7a52c94ace40d9c052cf40f3541637c3";
        given().get("/api/v1/files/" + cleanFile).then().statusCode(200).body("zone", equalTo("GREEN"));
        for (String name :
                new String[] {"Trojan\tCopyPaste", "Line\nBreak", "Nul\u0000", "x".repeat(120) + "\u00e9".repeat(50)}) {
            operator()
                    .body(Map.of("kind", "file", "value", cleanFile, "verdict", "MALWARE", "threatName", name))
                    .post("/api/v1/local-verdicts")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:outpost:problem:invalid-local-verdict"))
                    .body("detail", org.hamcrest.Matchers.startsWith("threatName"));
        }
        assertThat(verdicts.count()).isZero();
        // A valid name is stored as the index serves it, and the lookup follows the operator.
        operator()
                .body(Map.of(
                        "kind", "file", "value", cleanFile, "verdict", "MALWARE", "threatName", "  Trojan.Local  "))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .body("threatName", equalTo("Trojan.Local"));
        given().get("/api/v1/files/" + cleanFile)
                .then()
                .statusCode(200)
                .body("zone", equalTo("RED"))
                .body("threatName", equalTo("Trojan.Local"))
                .body("source.type", equalTo("local"));
    }

    /** Issue 11 item 17: paging beyond what the database can address is a 400, not a 500. */
    @Test
    void pagingBeyondTheAddressableRangeIsABadRequest() {
        operator()
                .get("/api/v1/local-verdicts?page=2147483647&size=1000")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:invalid-request"));
        operator().get("/api/v1/local-verdicts?page=2147483&size=1000").then().statusCode(200);
    }

    @Test
    void oneVerdictPerCanonicalSubjectAndUnknownIdsAreNotFound() {
        int id = create("domain", "Evil.Example.", "MALWARE");
        operator()
                .body(Map.of("kind", "domain", "value", "evil.example", "verdict", "CLEAN"))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(409)
                .body("type", equalTo("urn:outpost:problem:local-verdict-exists"))
                .body("detail", org.hamcrest.Matchers.containsString("id " + id));
        create("ip", "2001:db8::/48", "CLEAN");
        operator().get("/api/v1/local-verdicts?kind=domain").then().body("$", hasSize(1));
        operator().get("/api/v1/local-verdicts").then().body("$", hasSize(2));
        operator().get("/api/v1/local-verdicts?size=0").then().statusCode(400);
        operator().get("/api/v1/local-verdicts/999999").then().statusCode(404);
        operator().delete("/api/v1/local-verdicts/999999").then().statusCode(404);
    }

    @Test
    void aVerdictWrittenByAnotherReplicaIsServedAfterTheRefresh() {
        long id = insertAsAnotherReplica("domain", "replica.example", "MALWARE");
        verdicts.refresh();
        given().get("/api/v1/domains/{name}", "www.replica.example")
                .then()
                .body("zone", equalTo("RED"))
                .body("source.localVerdictId", equalTo((int) id))
                .body("source.createdBy", equalTo("other-replica"));
    }

    @Test
    void aRowThisVersionCannotReadIsLeftOutAndTheOthersStillServe() {
        insertAsAnotherReplica("domain", "Not.Canonical.Example", "MALWARE");
        insertAsAnotherReplica("mystery", "x", "MALWARE");
        insertAsAnotherReplica("domain", "unknown-verdict.example", "UNKNOWN");
        insertAsAnotherReplica("domain", "newer-verdict.example", "FROM_THE_FUTURE");
        long good = insertAsAnotherReplica("domain", "good.example", "MALWARE");
        verdicts.refresh();
        assertThat(verdicts.current().size()).isEqualTo(1);
        given().get("/api/v1/domains/{name}", "good.example")
                .then()
                .body("zone", equalTo("RED"))
                .body("source.localVerdictId", equalTo((int) good));
        given().get("/api/v1/domains/{name}", "not.canonical.example").then().body("zone", equalTo("GREY"));
    }

    @Transactional
    long insertAsAnotherReplica(String kind, String subject, String category) {
        LocalVerdict row = new LocalVerdict();
        row.kind = kind;
        row.subject = subject;
        row.category = category;
        row.createdBy = "other-replica";
        row.createdAt = Instant.now();
        verdicts.persist(row);
        return row.id;
    }

    @Test
    void theListIsSearchedBySubjectThreatNameCommentOrPersonInAnyCase() {
        int phish = create("domain", "phish-search.example", "PHISHING");
        int other = create("domain", "other-search.example", "MALWARE");
        operator()
                .body(Map.of("threatName", "Trojan.50%_Off"))
                .patch("/api/v1/local-verdicts/" + other)
                .then()
                .statusCode(200);
        assertThat(ids("PHISH-SEARCH", null)).containsExactly(phish);
        assertThat(ids("search.example", null)).containsExactly(other, phish);
        assertThat(ids("trojan.50%_", null)).containsExactly(other);
        // % and _ are searched for as themselves, not as SQL wildcards.
        assertThat(ids("50_", null)).isEmpty();
        assertThat(ids("%", null)).containsExactly(other);
        assertThat(ids("test-operator", null)).containsExactly(other, phish);
        assertThat(ids("search", "url")).isEmpty();
        assertThat(ids("", null)).containsExactly(other, phish);
        // The page holds one; the total says how many the listing holds in all.
        operator()
                .queryParam("q", "search.example")
                .queryParam("size", 1)
                .get("/api/v1/local-verdicts")
                .then()
                .statusCode(200)
                .body("id", contains(other))
                .header("X-Total-Count", "2");
        operator()
                .queryParam("q", "phish-search")
                .queryParam("state", "expired")
                .get("/api/v1/local-verdicts")
                .then()
                .header("X-Total-Count", "0");
        operator()
                .queryParam("q", "x".repeat(201))
                .get("/api/v1/local-verdicts")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:outpost:problem:invalid-request"));
    }

    private static List<Integer> ids(String text, String kind) {
        RequestSpecification request = operator().queryParam("q", text);
        if (kind != null) {
            request.queryParam("kind", kind);
        }
        return request.get("/api/v1/local-verdicts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
    }
}
