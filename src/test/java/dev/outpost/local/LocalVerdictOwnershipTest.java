package dev.outpost.local;

import static dev.outpost.local.Callers.ADMIN;
import static dev.outpost.local.Callers.LOOKUP;
import static dev.outpost.local.Callers.OPERATOR;
import static dev.outpost.local.Callers.OPERATOR_2;
import static dev.outpost.local.Callers.SUBMITTER;
import static dev.outpost.local.Callers.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Who may change or delete whose local verdict (issue 14, docs/local-verdicts.md): an operator their
 * own and any machine's; another operator's only an admin; whoever changes a verdict owns it.
 */
@QuarkusTest
class LocalVerdictOwnershipTest {
    @BeforeEach
    @AfterEach
    void clear() {
        Callers.deleteAll();
    }

    private static int create(String token, String domain) {
        return as(token)
                .body(Map.of("kind", "domain", "value", domain, "verdict", "MALWARE"))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .body("origin", equalTo("operator"))
                .extract()
                .path("id");
    }

    @Test
    void anotherOperatorsVerdictIsTheirsAndOnlyAnAdminMayOverruleIt() {
        int id = create(OPERATOR, "alices.example");
        for (var attempt : List.of(
                as(OPERATOR_2).body(Map.of("verdict", "CLEAN")).when().put("/api/v1/local-verdicts/" + id),
                as(OPERATOR_2).body(Map.of("verdict", "CLEAN")).when().patch("/api/v1/local-verdicts/" + id),
                as(OPERATOR_2).when().delete("/api/v1/local-verdicts/" + id))) {
            attempt.then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:outpost:problem:local-verdict-not-yours"))
                    .body(
                            "detail",
                            equalTo("local verdict " + id
                                    + " is test-operator's; only test-operator or an admin may change or delete it"));
        }
        // Reading is not owning: any operator sees every verdict.
        as(OPERATOR_2)
                .get("/api/v1/local-verdicts/" + id)
                .then()
                .statusCode(200)
                .body("verdict", equalTo("MALWARE"))
                .body("owner", equalTo("test-operator"));
        // The owner may; then an admin overrules, and the verdict is the admin's from then on.
        as(OPERATOR)
                .body(Map.of("comment", "mine"))
                .patch("/api/v1/local-verdicts/" + id)
                .then()
                .statusCode(200);
        as(ADMIN)
                .body(Map.of("verdict", "CLEAN"))
                .patch("/api/v1/local-verdicts/" + id)
                .then()
                .statusCode(200)
                .body("owner", equalTo("test-admin"))
                .body("createdBy", equalTo("test-operator"));
        as(OPERATOR).delete("/api/v1/local-verdicts/" + id).then().statusCode(403);
        as(ADMIN).delete("/api/v1/local-verdicts/" + id).then().statusCode(204);
    }

    @Test
    void anyOperatorMayOverruleAMachineAndTheVerdictBecomesTheirs() {
        int id = as(SUBMITTER)
                .body(Map.of(
                        "items", List.of(Map.of("kind", "domain", "value", "sandboxed.example", "verdict", "MALWARE"))))
                .post("/api/v1/local-verdicts/submissions")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("created"))
                .extract()
                .path("results[0].id");
        as(OPERATOR_2)
                .get("/api/v1/local-verdicts/" + id)
                .then()
                .body("origin", equalTo("submitter"))
                .body("owner", equalTo("test-submitter"));
        as(OPERATOR_2)
                .body(Map.of("verdict", "CLEAN", "comment", "sandbox false positive"))
                .put("/api/v1/local-verdicts/" + id)
                .then()
                .statusCode(200)
                .body("origin", equalTo("operator"))
                .body("owner", equalTo("test-operator-2"));
        // Now a person's decision: the machine cannot change it back, and the first operator may not either.
        as(SUBMITTER)
                .body(Map.of(
                        "items", List.of(Map.of("kind", "domain", "value", "sandboxed.example", "verdict", "MALWARE"))))
                .post("/api/v1/local-verdicts/submissions")
                .then()
                .body("results[0].status", equalTo("skipped-operator-verdict"));
        as(OPERATOR).delete("/api/v1/local-verdicts/" + id).then().statusCode(403);
        given().get("/api/v1/domains/{name}", "sandboxed.example").then().body("zone", equalTo("GREEN"));

        // A machine verdict may be deleted by any operator.
        int other = as(SUBMITTER)
                .body(Map.of("items", List.of(Map.of("kind", "ip", "value", "203.0.113.0/24", "verdict", "MALWARE"))))
                .post("/api/v1/local-verdicts/submissions")
                .then()
                .extract()
                .path("results[0].id");
        as(OPERATOR).delete("/api/v1/local-verdicts/" + other).then().statusCode(204);
    }

    @Test
    void eachRoleReachesOnlyItsEndpoints() {
        given().get("/api/v1/local-verdicts")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"outpost\"");
        as(LOOKUP).get("/api/v1/local-verdicts").then().statusCode(403).contentType("application/problem+json");
        as(SUBMITTER).get("/api/v1/local-verdicts").then().statusCode(403);
        as(SUBMITTER).get("/api/v1/local-verdicts/export").then().statusCode(403);
        as(SUBMITTER)
                .contentType("text/csv")
                .body("kind,value,verdict\ndomain,x.example,MALWARE\n")
                .post("/api/v1/local-verdicts/import")
                .then()
                .statusCode(403);
        as(OPERATOR)
                .body(Map.of("items", List.of()))
                .post("/api/v1/local-verdicts/submissions")
                .then()
                .statusCode(403);
        as(LOOKUP)
                .body(Map.of("items", List.of()))
                .post("/api/v1/local-verdicts/submissions")
                .then()
                .statusCode(403);
        given().contentType("application/json")
                .body(Map.of("items", List.of()))
                .post("/api/v1/local-verdicts/submissions")
                .then()
                .statusCode(401);
        as(ADMIN)
                .body(Map.of("items", List.of()))
                .post("/api/v1/local-verdicts/submissions")
                .then()
                .statusCode(200);
        as(ADMIN).get("/api/v1/local-verdicts").then().statusCode(200);
    }
}
