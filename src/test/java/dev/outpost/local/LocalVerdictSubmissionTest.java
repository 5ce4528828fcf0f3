package dev.outpost.local;

import static dev.outpost.local.Callers.ADMIN;
import static dev.outpost.local.Callers.OPERATOR;
import static dev.outpost.local.Callers.SUBMITTER;
import static dev.outpost.local.Callers.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import dev.outpost.audit.AuditActions;

/**
 * Machines submit verdicts in bulk (issue 14): every item answered, the same items again change
 * nothing, and a person's verdict is never overridden.
 */
@QuarkusTest
class LocalVerdictSubmissionTest {
    @BeforeEach
    @AfterEach
    void clear() {
        Callers.deleteAll();
    }

    private static Map<String, Object> item(String kind, String value, String verdict) {
        return Map.of("kind", kind, "value", value, "verdict", verdict);
    }

    private static ValidatableResponse submit(String token, List<?> items) {
        return as(token)
                .body(Map.of("items", items))
                .post("/api/v1/local-verdicts/submissions")
                .then();
    }

    @Test
    void everyItemIsAnsweredAndTheSameItemsAgainAreUnchanged() {
        String sha256 = "ef".repeat(32);
        Map<String, Object> withName = new HashMap<>(item("file", sha256, "MALWARE"));
        withName.put("threatName", "Sandbox.Detonated");
        withName.put("expiresAt", "2099-01-01T00:00:00Z");
        List<Object> items = new ArrayList<>(List.of(
                withName,
                item("url", "http://sandboxed.example/payload/", "MALWARE"),
                item("url", "mailto:nobody@example.com", "MALWARE"),
                item("domain", "sandboxed.example", "UNKNOWN"),
                item("file", sha256.toUpperCase(java.util.Locale.ROOT), "CLEAN")));
        items.add(null);
        try (AuditLines audit = AuditLines.capture()) {
            submit(SUBMITTER, items)
                    .statusCode(200)
                    .body("received", equalTo(6))
                    .body("created", equalTo(2))
                    .body("invalid", equalTo(4))
                    .body("results", hasSize(6))
                    .body(
                            "results.status",
                            equalTo(List.of("created", "created", "invalid", "invalid", "invalid", "invalid")))
                    .body("results[2].type", equalTo("invalid-url"))
                    .body("results[3].detail", containsString("verdict: must be one of"))
                    .body("results[4].detail", containsString("item 0 is about the same file"));
            assertThat(audit.of(AuditActions.LOCAL_VERDICTS_SUBMITTED))
                    .singleElement()
                    .asString()
                    .contains("test-submitter", "created", "invalid");
        }
        given().get("/api/v1/files/{hash}", sha256)
                .then()
                .body("zone", equalTo("RED"))
                .body("threatName", equalTo("Sandbox.Detonated"))
                .body("source.createdBy", equalTo("test-submitter"));

        submit(SUBMITTER, items)
                .statusCode(200)
                .body("created", equalTo(0))
                .body("unchanged", equalTo(2))
                .body("results[0].status", equalTo("unchanged"));
        // A different answer from a machine replaces the machine's.
        submit(SUBMITTER, List.of(item("url", "http://sandboxed.example/payload/", "SUSPICIOUS")))
                .body("results[0].status", equalTo("updated"))
                .body("updated", equalTo(1));
        given().queryParam("url", "http://sandboxed.example/payload/x.exe")
                .get("/api/v1/urls")
                .then()
                .body("zone", equalTo("YELLOW"));
    }

    @Test
    void aPersonsVerdictIsNeverOverriddenEvenWhenExpired() {
        as(OPERATOR)
                .body(Map.of("kind", "domain", "value", "decided.example", "verdict", "CLEAN"))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201);
        as(OPERATOR)
                .body(Map.of(
                        "kind",
                        "domain",
                        "value",
                        "was-decided.example",
                        "verdict",
                        "CLEAN",
                        "expiresAt",
                        "2000-01-01T00:00:00Z"))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201);
        submit(
                        SUBMITTER,
                        List.of(
                                item("domain", "decided.example", "MALWARE"),
                                item("domain", "was-decided.example", "MALWARE")))
                .statusCode(200)
                .body("skipped", equalTo(2))
                .body("results.status", equalTo(List.of("skipped-operator-verdict", "skipped-operator-verdict")));
        given().get("/api/v1/domains/{name}", "decided.example").then().body("zone", equalTo("GREEN"));
    }

    @Test
    void anAdminMaySubmitAndOversizedOrShapelessRequestsAreProblems() {
        submit(ADMIN, List.of(item("ip", "192.0.2.0/24", "MALWARE")))
                .statusCode(200)
                .body("created", equalTo(1));
        List<Object> tooMany = Collections.nCopies(10_001, item("domain", "x.example", "MALWARE"));
        submit(SUBMITTER, tooMany).statusCode(400).body("type", equalTo("urn:outpost:problem:too-many-items"));
        as(SUBMITTER)
                .body(Map.of("things", List.of()))
                .post("/api/v1/local-verdicts/submissions")
                .then()
                .statusCode(400)
                .body("detail", containsString("'items'"));
        as(SUBMITTER)
                .body("{\"items\": [")
                .post("/api/v1/local-verdicts/submissions")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:outpost:problem:malformed-request"))
                .body("detail", containsString("{\"items\": [{\"kind\", \"value\", \"verdict\""));
    }
}
