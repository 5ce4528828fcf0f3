package dev.outpost.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** GET /api/v1/me: who a credential is, for the console's sign-in and any client (issue 15). */
@QuarkusTest
class CallerResourceTest {
    private static final String ADMIN = "Bearer test-admin-token-not-secret";

    @Test
    void aConfiguredTokenIsNamedWithItsRoleAndWhatItGrants() {
        given().header("Authorization", "Bearer test-operator-token-not-secret")
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("name", equalTo("test-operator"))
                .body("role", equalTo("operator"))
                .body("roles", contains("lookup", "operator"))
                .body("credential", equalTo("configured-token"))
                .body("expiresAt", nullValue());
    }

    @Test
    void aSubmitterMayAskButIsGrantedNothingElse() {
        given().header("Authorization", "Bearer test-submitter-token-not-secret")
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("role", equalTo("submitter"))
                .body("roles", contains("submitter"));
    }

    @Test
    void anApiTokenTellsItsExpiry() {
        Instant expires = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String token = given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body("{\"name\":\"me-" + System.nanoTime() + "\",\"role\":\"lookup\",\"expiresAt\":\"" + expires
                        + "\"}")
                .post("/api/v1/admin/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        given().header("Authorization", "Bearer " + token)
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("role", equalTo("lookup"))
                .body("roles", contains("lookup"))
                .body("credential", equalTo("api-token"))
                .body("expiresAt", equalTo(expires.toString()));
    }

    @Test
    void withoutAValidCredentialTheAnswerIsUnauthorized() {
        given().get("/api/v1/me").then().statusCode(401).header("WWW-Authenticate", "Bearer realm=\"outpost\"");
        given().header("Authorization", "Bearer opt_unknown")
                .get("/api/v1/me")
                .then()
                .statusCode(401);
    }
}
