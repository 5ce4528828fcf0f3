package dev.outpost.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Without the demo configuration nothing is trusted: not ready, says why, and lookups refuse. */
@QuarkusTest
@TestProfile(NoTrustedKeysTest.Production.class)
class NoTrustedKeysTest {
    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "outpost.trust.root-keys", "",
                    "outpost.demo.bundle", "",
                    "outpost.data-dir", "target/test-data/no-trust-" + System.nanoTime());
        }
    }

    @Test
    void isNotReadyAndSaysThatNoKeyIsTrusted() {
        given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'dataset' }.status", equalTo("DOWN"))
                .body(
                        "checks.find { it.name == 'dataset' }.data.reason",
                        containsString("no signing keys are trusted"));
    }

    @Test
    void refusesLookupsRatherThanAnsweringUnknown() {
        given().get("/api/v1/files/{hash}", "44d88612fea8a8f36de82e1278abb02f")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:no-dataset"));
    }

    @Test
    void staysAlive() {
        given().get("/q/health/live").then().statusCode(200);
    }
}
