package dev.outpost.lookup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class CertificateResourceTest {
    static final String ISRG_ROOT_X1 = "96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6";

    @Test
    void findsATrustedRootByThumbprint() {
        given().get("/api/v1/certificates/{sha256}", ISRG_ROOT_X1.toUpperCase())
                .then()
                .statusCode(200)
                .body("zone", equalTo("GREEN"))
                .body("verdict", equalTo("TRUSTED"))
                .body("source.sequence", equalTo(1));
    }

    @Test
    void doesNotConfuseFilesWithCertificates() {
        given().get("/api/v1/certificates/{sha256}", FileResourceTest.EICAR_SHA256)
                .then()
                .statusCode(200)
                .body("verdict", equalTo("UNKNOWN"));
    }

    @Test
    void requiresSha256Thumbprints() {
        given().get("/api/v1/certificates/{sha256}", FileResourceTest.EICAR_MD5)
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:outpost:problem:invalid-hash"));
    }

    @Test
    void answersBulkCertificateLookupsInOrder() {
        given().contentType(ContentType.JSON)
                .body(Map.of("hashes", List.of(FileResourceTest.EICAR_MD5, ISRG_ROOT_X1)))
                .post("/api/v1/certificates/lookup")
                .then()
                .statusCode(200)
                .body("results", hasSize(2))
                .body("results[0].error.type", equalTo("invalid-hash"))
                .body("results[1].verdict", equalTo("TRUSTED"));
    }
}
