package dev.outpost.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The admin API for API tokens (issue 14): a token is shown once, works for its role and the roles
 * below it, not for those above, and stops working when revoked or expired; every refusal is a
 * problem, 401 with a challenge or 403.
 */
@QuarkusTest
class TokenResourceTest {
    static final String ADMIN = "test-admin-token-not-secret";
    static final String OPERATOR = "test-operator-token-not-secret";

    @Inject
    ApiTokens tokens;

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    private static Map<String, Object> create(String name, String role) {
        return as(ADMIN)
                .body(Map.of("name", name, "role", role))
                .post("/api/v1/admin/tokens")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/admin/tokens/"))
                .header("Cache-Control", "no-store")
                .body("token", startsWith("opt_"))
                .body("role", equalTo(role))
                .body("state", equalTo("active"))
                .extract()
                .jsonPath()
                .getMap("");
    }

    private static String unique(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    @Test
    void aCreatedTokenIsShownOnceAndWorksForItsRoleAndTheRolesBelow() {
        Map<String, Object> created = create(unique("alice"), Roles.OPERATOR);
        String token = (String) created.get("token");
        assertThat(token).hasSizeGreaterThanOrEqualTo(4 + 43); // 256 bits in base64url after the prefix

        as(ADMIN)
                .get("/api/v1/admin/tokens")
                .then()
                .statusCode(200)
                .body("find { it.id == " + created.get("id") + " }.name", equalTo(created.get("name")))
                .body("find { it.id == " + created.get("id") + " }.token", nullValue())
                .body("token", not(hasItem(token)));
        as(token).get("/api/v1/local-verdicts").then().statusCode(200);
        // Operators may not manage tokens.
        problem(as(token).get("/api/v1/admin/tokens"), 403, "forbidden");
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        Map<String, Object> created = create(unique("revoked"), Roles.OPERATOR);
        String token = (String) created.get("token");
        as(token).get("/api/v1/local-verdicts").then().statusCode(200);

        as(ADMIN).delete("/api/v1/admin/tokens/" + created.get("id")).then().statusCode(204);

        problem(as(token).get("/api/v1/local-verdicts"), 401, "unauthorized")
                .header("WWW-Authenticate", "Bearer realm=\"outpost\"");
        as(ADMIN)
                .get("/api/v1/admin/tokens")
                .then()
                .body("find { it.id == " + created.get("id") + " }.state", equalTo("revoked"))
                .body("find { it.id == " + created.get("id") + " }.revokedBy", equalTo("test-admin"));
    }

    @Test
    void anExpiredTokenStopsWorkingWithoutAnyoneRevokingIt() {
        Map<String, Object> created = create(unique("expiring"), Roles.OPERATOR);
        String token = (String) created.get("token");
        expire(((Number) created.get("id")).longValue());

        problem(as(token).get("/api/v1/local-verdicts"), 401, "unauthorized");
        as(ADMIN)
                .get("/api/v1/admin/tokens")
                .then()
                .body("find { it.id == " + created.get("id") + " }.state", equalTo("expired"));
    }

    @Transactional
    void expire(long id) {
        tokens.findById(id).expiresAt = Instant.now().minusSeconds(1);
    }

    @Test
    void withoutATokenOrWithAWrongOneTheAnswerIs401WithAChallenge() {
        problem(given().get("/api/v1/admin/tokens"), 401, "unauthorized")
                .header("WWW-Authenticate", "Bearer realm=\"outpost\"");
        problem(as("opt_not-a-real-token").get("/api/v1/admin/tokens"), 401, "unauthorized")
                .header("WWW-Authenticate", "Bearer realm=\"outpost\"");
        problem(
                given().header("Authorization", "Basic YWRtaW46YWRtaW4=").get("/api/v1/admin/tokens"),
                401,
                "unauthorized");
        problem(as("x".repeat(5000)).get("/api/v1/admin/tokens"), 401, "unauthorized");
    }

    @Test
    void badRequestsNameWhatIsWrong() {
        problem(
                        as(ADMIN).body(Map.of("name", "ok", "role", "root")).post("/api/v1/admin/tokens"),
                        400,
                        "invalid-token-request")
                .body("input", equalTo("root"));
        problem(
                as(ADMIN).body(Map.of("name", "no spaces", "role", "lookup")).post("/api/v1/admin/tokens"),
                400,
                "invalid-token-request");
        problem(
                as(ADMIN)
                        .body(Map.of("name", unique("past"), "role", "lookup", "expiresAt", "2020-01-01T00:00:00Z"))
                        .post("/api/v1/admin/tokens"),
                400,
                "invalid-token-request");
        problem(as(ADMIN).body("{\"name\": ").post("/api/v1/admin/tokens"), 400, "malformed-request");
        problem(as(ADMIN).delete("/api/v1/admin/tokens/999999999"), 404, "not-found");
    }

    @Test
    void twoActiveTokensNeverShareAName() {
        String name = unique("twin");
        Map<String, Object> first = create(name, Roles.LOOKUP);
        problem(
                as(ADMIN).body(Map.of("name", name, "role", "lookup")).post("/api/v1/admin/tokens"),
                409,
                "token-name-taken");
        as(ADMIN).delete("/api/v1/admin/tokens/" + first.get("id")).then().statusCode(204);
        create(name, Roles.LOOKUP);
    }

    @Test
    void theSubmitterRoleGrantsNothingElse() {
        String submitter = "test-submitter-token-not-secret";
        problem(as(submitter).get("/api/v1/local-verdicts"), 403, "forbidden");
        problem(as(submitter).get("/api/v1/admin/tokens"), 403, "forbidden");
    }

    static ValidatableResponse problem(io.restassured.response.Response response, int status, String type) {
        return response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", equalTo("urn:outpost:problem:" + type));
    }
}
