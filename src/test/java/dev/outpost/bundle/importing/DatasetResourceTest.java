package dev.outpost.bundle.importing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.outpost.bundle.BundleSurgery;

@QuarkusTest
class DatasetResourceTest {
    @Test
    void describesTheActiveDatasetAndImportHistory() throws java.io.IOException {
        String demoState = BundleSurgery.of(java.nio.file.Path.of("offline-bundles/demo.bundle"), java.util.List.of())
                .manifest
                .get("stateSha256")
                .asText();
        given().get("/api/v1/dataset")
                .then()
                .statusCode(200)
                .body("active.dataset", equalTo("demo"))
                .body("active.sequence", equalTo(1))
                .body("active.created", equalTo("2026-11-23T00:00:00Z"))
                .body("active.counts.files", equalTo(5))
                .body("active.counts.certificates", equalTo(2))
                .body("active.ageSeconds", greaterThanOrEqualTo(0))
                .body("active.stateSha256", equalTo(demoState))
                .body("imports.interrupted", greaterThanOrEqualTo(0))
                .body("imports.recent.find { it.origin == 'demo' }.rootVersion", equalTo(1))
                .body("imports.activated", greaterThanOrEqualTo(1))
                .body("imports.recent[0].outcome", notNullValue());
    }

    @Test
    void servesTheOpenApiDocumentLocally() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/api/v1/files/{hash}'.get", notNullValue());
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
