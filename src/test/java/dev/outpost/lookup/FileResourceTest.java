package dev.outpost.lookup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The lookup API against the demo bundle, imported through the real path at start (test profile). */
@QuarkusTest
class FileResourceTest {
    static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";
    static final String EICAR_SHA1 = "3395856ce81f2b7382dee72602f798b642f14140";
    static final String EICAR_SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
    static final String UNKNOWN_SHA256 = "0000000000000000000000000000000000000000000000000000000000000001";

    @ParameterizedTest
    @ValueSource(strings = {EICAR_MD5, EICAR_SHA1, EICAR_SHA256, "44D88612FEA8A8F36DE82E1278ABB02F"})
    void findsEicarByAnyOfItsDigests(String hash) {
        given().get("/api/v1/files/{hash}", hash)
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("query", equalTo(hash))
                .body("zone", equalTo("RED"))
                .body("verdict", equalTo("MALWARE"))
                .body("threatName", equalTo("EICAR-Test-File"))
                .body("hashes.md5", equalTo(EICAR_MD5))
                .body("hashes.sha256", equalTo(EICAR_SHA256))
                .body("source.type", equalTo("vendor"))
                .body("source.dataset", equalTo("demo"))
                .body("source.sequence", equalTo(1));
    }

    @Test
    void answersAMissAsGreyUnknown() {
        given().get("/api/v1/files/{hash}", UNKNOWN_SHA256)
                .then()
                .statusCode(200)
                .body("zone", equalTo("GREY"))
                .body("verdict", equalTo("UNKNOWN"))
                .body("type", equalTo("sha256"))
                .body("threatName", nullValue())
                .body("source.dataset", equalTo("demo"));
    }

    @Test
    void answersCleanSystemFilesGreen() {
        given().get("/api/v1/files/{hash}", "7987cf330ff5bb94015dfbb9eae5a99f")
                .then()
                .statusCode(200)
                .body("zone", equalTo("GREEN"))
                .body("verdict", equalTo("CLEAN"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xyz", "44d88612fea8a8f36de82e1278abb02g", "44d88612fea8a8f36de82e1278abb02"})
    void rejectsMalformedHashesWithAProblem(String hash) {
        given().get("/api/v1/files/{hash}", hash)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:invalid-hash"))
                .body("status", equalTo(400))
                .body("detail", not(containsString("Exception")))
                .body("input", equalTo(hash));
    }

    @Test
    void answersEveryBulkItemInOrder() {
        given().contentType(ContentType.JSON)
                .body(Map.of("hashes", List.of(UNKNOWN_SHA256, "not-a-hash", EICAR_SHA1, EICAR_MD5, "")))
                .post("/api/v1/files/lookup")
                .then()
                .statusCode(200)
                .body("results", hasSize(5))
                .body("results[0].query", equalTo(UNKNOWN_SHA256))
                .body("results[0].verdict", equalTo("UNKNOWN"))
                .body("results[1].query", equalTo("not-a-hash"))
                .body("results[1].error.type", equalTo("invalid-hash"))
                .body("results[1].zone", nullValue())
                .body("results[2].query", equalTo(EICAR_SHA1))
                .body("results[2].zone", equalTo("RED"))
                .body("results[3].query", equalTo(EICAR_MD5))
                .body("results[3].threatName", equalTo("EICAR-Test-File"))
                .body("results[4].error.type", equalTo("invalid-hash"));
    }

    @Test
    void acceptsExactlyTheBulkLimit() {
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < LookupService.MAX_BULK_ITEMS; i++) {
            hashes.add(i == 9_999 ? EICAR_SHA256 : String.format("%064x", i));
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("hashes", hashes))
                .post("/api/v1/files/lookup")
                .then()
                .statusCode(200)
                .body("results", hasSize(10_000))
                .body("results[9999].zone", equalTo("RED"))
                .body("results[0].zone", equalTo("GREY"));
    }

    @Test
    void rejectsMoreThanTheBulkLimit() {
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i <= LookupService.MAX_BULK_ITEMS; i++) {
            hashes.add(EICAR_MD5);
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("hashes", hashes))
                .post("/api/v1/files/lookup")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:too-many-items"))
                .body("detail", containsString("10001"));
    }

    @Test
    void rejectsMalformedBulkBodiesWithAProblem() {
        for (String body : List.of("{not json", "{\"hashes\": \"abc\"}", "{\"hashes\": [1, {}]}", "[]")) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/v1/files/lookup")
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", not(containsString("java.")));
        }
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/files/lookup")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:outpost:problem:invalid-request"));
    }

    @Test
    void answersUnknownPathsWithAProblem() {
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void hidesTheBenchmarkBaselineUnlessEnabled() {
        given().get("/api/v1/bench/constant/{hash}", EICAR_MD5)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().contentType("application/json")
                .body("{\"hashes\":[\"" + EICAR_MD5 + "\"]}")
                .post("/api/v1/bench/constant/lookup")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }
}
