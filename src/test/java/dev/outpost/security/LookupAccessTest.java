package dev.outpost.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.outpost.hashlookup.TokenLookups;

/**
 * {@code outpost.security.lookups=token}: every lookup endpoint needs a token whose role grants
 * lookups; the probes stay open for load balancers and Kubernetes. The compatible front ends' access
 * tests share the profile, so that Quarkus builds and starts once for all three.
 */
@QuarkusTest
@TestProfile(TokenLookups.class)
class LookupAccessTest {
    static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";

    @Test
    void aLookupWithoutATokenIs401() {
        TokenResourceTest.problem(given().get("/api/v1/files/" + EICAR_MD5), 401, "unauthorized")
                .header("WWW-Authenticate", "Bearer realm=\"outpost\"");
        TokenResourceTest.problem(
                given().contentType("application/json")
                        .body("{\"hashes\": [\"" + EICAR_MD5 + "\"]}")
                        .post("/api/v1/files/lookup"),
                401,
                "unauthorized");
        TokenResourceTest.problem(given().get("/api/v1/domains/example.com"), 401, "unauthorized");
        TokenResourceTest.problem(
                given().header("Authorization", "Bearer wrong").get("/api/v1/files/" + EICAR_MD5), 401, "unauthorized");
    }

    @Test
    void lookupOperatorAndAdminTokensMayLookUp() {
        for (String token : new String[] {
            "test-lookup-token-not-secret", "test-operator-token-not-secret", "test-admin-token-not-secret"
        }) {
            given().header("Authorization", "Bearer " + token)
                    .get("/api/v1/files/" + EICAR_MD5)
                    .then()
                    .statusCode(200)
                    .body("zone", equalTo("RED"));
        }
    }

    @Test
    void aSubmitterTokenMayNotLookUp() {
        TokenResourceTest.problem(
                given().header("Authorization", "Bearer test-submitter-token-not-secret")
                        .get("/api/v1/files/" + EICAR_MD5),
                403,
                "forbidden");
    }

    @Test
    void probesStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
