package dev.outpost.local;

import static dev.outpost.local.Callers.OPERATOR;
import static dev.outpost.local.Callers.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.outpost.audit.AuditActions;

/**
 * Issue 14: a local verdict can expire, stops applying at that instant and is listed as expired; it
 * changes in place, and the audit log keeps each change's old and new values.
 */
@QuarkusTest
class LocalVerdictLifecycleTest {
    @BeforeEach
    @AfterEach
    void clear() {
        Callers.deleteAll();
    }

    private static int create(Map<String, String> body) {
        return as(OPERATOR)
                .body(body)
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void anExpiredVerdictStopsApplyingAtItsInstantAndIsListedAsExpired() throws InterruptedException {
        given().get("/api/v1/domains/{name}", "www.expiring.example").then().body("zone", equalTo("GREY"));
        Instant expiry = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.MILLIS);
        int id = create(Map.of(
                "kind", "domain", "value", "expiring.example", "verdict", "MALWARE", "expiresAt", expiry.toString()));
        given().get("/api/v1/domains/{name}", "www.expiring.example")
                .then()
                .body("zone", equalTo("RED"))
                .body("source.type", equalTo("local"));
        as(OPERATOR)
                .get("/api/v1/local-verdicts/" + id)
                .then()
                .body("expiresAt", equalTo(expiry.toString()))
                .body("expired", equalTo(false));
        as(OPERATOR).get("/api/v1/local-verdicts?state=active").then().body("id", hasItem(id));

        while (Instant.now().isBefore(expiry)) {
            Thread.sleep(50);
        }
        // No refresh, no reload: the index itself no longer serves it.
        given().get("/api/v1/domains/{name}", "www.expiring.example")
                .then()
                .body("zone", equalTo("GREY"))
                .body("source.type", equalTo("vendor"));
        as(OPERATOR).get("/api/v1/local-verdicts/" + id).then().statusCode(200).body("expired", equalTo(true));
        as(OPERATOR).get("/api/v1/local-verdicts?state=expired").then().body("id", hasItem(id));
        as(OPERATOR).get("/api/v1/local-verdicts?state=active").then().body("id", not(hasItem(id)));
        as(OPERATOR).get("/api/v1/local-verdicts?state=all").then().body("id", hasItem(id));
        as(OPERATOR)
                .get("/api/v1/local-verdicts?state=gone")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:outpost:problem:invalid-request"));
    }

    @Test
    void anExpiredSpecificVerdictGivesWayToTheNextLocalOne() {
        // Vendor: malware.testing.google.test is RED. Locally the domain is cleared for good, and a
        // path was blocked until yesterday: the cleared domain decides now.
        create(Map.of("kind", "domain", "value", "testing.google.test", "verdict", "CLEAN"));
        int expired = as(OPERATOR)
                .body(Map.of(
                        "kind", "url",
                        "value", "http://malware.testing.google.test/bad/",
                        "verdict", "MALWARE",
                        "expiresAt", Instant.now().minus(1, ChronoUnit.DAYS).toString()))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .body("expired", equalTo(true))
                .extract()
                .path("id");
        given().queryParam("url", "http://a.malware.testing.google.test/bad/x.html")
                .get("/api/v1/urls")
                .then()
                .body("zone", equalTo("GREEN"))
                .body("matchType", equalTo("domain"));
        // Ending an expiry brings it back at once.
        as(OPERATOR)
                .body(Collections.singletonMap("expiresAt", null))
                .patch("/api/v1/local-verdicts/" + expired)
                .then()
                .statusCode(200)
                .body("expired", equalTo(false))
                .body("expiresAt", nullValue());
        given().queryParam("url", "http://a.malware.testing.google.test/bad/x.html")
                .get("/api/v1/urls")
                .then()
                .body("zone", equalTo("RED"))
                .body("matchType", equalTo("url"));
    }

    @Test
    void aVerdictChangesInPlaceAndTheAuditLogKeepsTheOldAndNewValues() {
        try (AuditLines audit = AuditLines.capture()) {
            int id = create(Map.of("kind", "domain", "value", "changing.example", "verdict", "MALWARE"));
            as(OPERATOR)
                    .body(Map.of("verdict", "CLEAN", "comment", "false positive, ticket 4711"))
                    .put("/api/v1/local-verdicts/" + id)
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(id))
                    .body("verdict", equalTo("CLEAN"))
                    .body("zone", equalTo("GREEN"))
                    .body("revision", equalTo(1))
                    .body("updatedBy", equalTo("test-operator"))
                    .body("createdBy", equalTo("test-operator"));
            given().get("/api/v1/domains/{name}", "changing.example")
                    .then()
                    .body("zone", equalTo("GREEN"))
                    .body("source.localVerdictId", equalTo(id));

            // PATCH: only what it names; the comment stays.
            as(OPERATOR)
                    .body(Map.of("threatName", "Not.A.Threat"))
                    .patch("/api/v1/local-verdicts/" + id)
                    .then()
                    .statusCode(200)
                    .body("verdict", equalTo("CLEAN"))
                    .body("threatName", equalTo("Not.A.Threat"))
                    .body("comment", equalTo("false positive, ticket 4711"))
                    .body("revision", equalTo(2));
            // The same again changes nothing and records nothing.
            as(OPERATOR)
                    .body(Map.of("threatName", "Not.A.Threat"))
                    .patch("/api/v1/local-verdicts/" + id)
                    .then()
                    .statusCode(200)
                    .body("revision", equalTo(2));
            // PUT replaces: what it leaves out is cleared.
            as(OPERATOR)
                    .body(Map.of("verdict", "phishing", "kind", "domain", "value", "Changing.Example."))
                    .put("/api/v1/local-verdicts/" + id)
                    .then()
                    .statusCode(200)
                    .body("verdict", equalTo("PHISHING"))
                    .body("comment", nullValue())
                    .body("threatName", nullValue());

            List<String> updates = audit.of(AuditActions.LOCAL_VERDICT_UPDATED);
            assertThat(updates).hasSize(3);
            assertThat(updates.get(0))
                    .contains("test-operator", "local-verdict:" + id, "old.verdict", "MALWARE", "new.verdict", "CLEAN");
            assertThat(updates.get(2))
                    .contains("old.comment", "false positive, ticket 4711", "new.verdict", "PHISHING");
            assertThat(audit.of(AuditActions.LOCAL_VERDICT_CREATED))
                    .anyMatch(line -> line.contains("changing.example"));
            as(OPERATOR).delete("/api/v1/local-verdicts/" + id).then().statusCode(204);
            assertThat(audit.of(AuditActions.LOCAL_VERDICT_DELETED))
                    .anyMatch(line -> line.contains("local-verdict:" + id) && line.contains("PHISHING"));
        }
    }

    @Test
    void whatAVerdictIsAboutCannotChangeAndBadChangesAreProblems() {
        int id = create(Map.of("kind", "domain", "value", "fixed.example", "verdict", "MALWARE"));
        Map<String, Map<String, Object>> bad = Map.of(
                "value: a verdict is about one subject", Map.of("value", "other.example"),
                "kind: a verdict is about one subject", Map.of("kind", "url"),
                "'subject' cannot be changed", Map.of("subject", "x"),
                "expiresAt: must be an ISO-8601", Map.of("expiresAt", "tomorrow"),
                "verdict: must be one of", Map.of("verdict", "EVIL"),
                "comment: must be a string or null", Map.of("comment", 5),
                "needs at least one of", Map.of());
        bad.forEach((detail, body) -> as(OPERATOR)
                .body(body)
                .patch("/api/v1/local-verdicts/" + id)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:invalid-local-verdict"))
                .body("detail", containsString(detail)));
        as(OPERATOR)
                .body(Map.of("comment", "no verdict"))
                .put("/api/v1/local-verdicts/" + id)
                .then()
                .statusCode(400)
                .body("detail", equalTo("verdict: is required"));
        as(OPERATOR)
                .body(Collections.singletonMap("verdict", null))
                .patch("/api/v1/local-verdicts/" + id)
                .then()
                .statusCode(400)
                .body("detail", containsString("cannot be cleared"));
        as(OPERATOR)
                .body(Map.of("verdict", "CLEAN"))
                .patch("/api/v1/local-verdicts/999999")
                .then()
                .statusCode(404);
        as(OPERATOR)
                .get("/api/v1/local-verdicts/" + id)
                .then()
                .body("verdict", equalTo("MALWARE"))
                .body("revision", equalTo(0));
    }
}
