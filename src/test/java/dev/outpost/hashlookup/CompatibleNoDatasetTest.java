package dev.outpost.hashlookup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Before any dataset is active, the compatible front ends refuse lookups (503) rather than answer
 * "unknown" (a 404 miss would claim that something was checked), with a JSON body, never HTML.
 */
@QuarkusTest
@TestProfile(CompatibleNoDatasetTest.NoDataset.class)
class CompatibleNoDatasetTest {
    public static class NoDataset implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "outpost.demo.bundle",
                    "",
                    "outpost.data-dir",
                    "target/test-data/compatible-no-dataset-" + System.nanoTime());
        }
    }

    private static final String NO_DATASET = "no verified dataset is active yet; import a signed bundle first";

    @Test
    void hashlookupAnswersCirclsMessageWith503() {
        given().get("/hashlookup/lookup/md5/44d88612fea8a8f36de82e1278abb02f")
                .then()
                .statusCode(503)
                .contentType("application/json")
                .body("message", equalTo(NO_DATASET));
        given().body("{\"hashes\": [\"44d88612fea8a8f36de82e1278abb02f\"]}")
                .post("/hashlookup/bulk/md5")
                .then()
                .statusCode(503)
                .body("message", equalTo(NO_DATASET));
        given().get("/hashlookup/info").then().statusCode(503).body("message", equalTo(NO_DATASET));
        // Bad input is still bad input.
        given().get("/hashlookup/lookup/md5/xyz").then().statusCode(400);
    }

    @Test
    void openTipAnswersAProblemWith503() {
        given().get("/opentip/api/v1/search/domain?request=example.com")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:no-dataset"));
    }
}
