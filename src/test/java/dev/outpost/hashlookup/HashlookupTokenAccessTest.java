package dev.outpost.hashlookup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * With {@code outpost.security.lookups=token}: the hashlookup endpoints are lookups like the native
 * ones, and their refusals are CIRCL's {@code {"message": ...}} too (docs/hashlookup.md).
 */
@QuarkusTest
@TestProfile(TokenLookups.class)
class HashlookupTokenAccessTest {
    static final String LOOKUP_TOKEN = "test-lookup-token-not-secret";

    static List<DocumentedExchanges.Exchange> exchanges() throws Exception {
        return DocumentedExchanges.read(HashlookupDocumentationTest.DOCUMENT, "http lookups=token");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void answersAsDocumented(DocumentedExchanges.Exchange exchange) throws Exception {
        DocumentedExchanges.replay(exchange, RestAssured.port, LOOKUP_TOKEN);
    }

    @Test
    void everyOperationNeedsALookupToken() {
        for (String path : List.of("/hashlookup/info", "/hashlookup/stats/top", "/hashlookup/session/get/x")) {
            given().get(path).then().statusCode(401).contentType("application/json");
        }
        // A path that names no operation has nothing to protect: 404, as under /api/v1.
        given().get("/hashlookup/no-such-path").then().statusCode(404).contentType("application/json");
        given().body("{\"hashes\": []}").post("/hashlookup/bulk/sha1").then().statusCode(401);
        given().header("Authorization", "Bearer " + LOOKUP_TOKEN)
                .body("{\"hashes\": [\"3395856ce81f2b7382dee72602f798b642f14140\"]}")
                .post("/hashlookup/bulk/sha1")
                .then()
                .statusCode(200)
                .body("[0].KnownMalicious", equalTo("demo"));
    }

    @Test
    void aSubmitterTokenMayNotLookUp() {
        given().header("Authorization", "Bearer test-submitter-token-not-secret")
                .get("/hashlookup/lookup/md5/44d88612fea8a8f36de82e1278abb02f")
                .then()
                .statusCode(403)
                .contentType("application/json")
                .body("message", equalTo("this token's role does not allow this call (roles: docs/security.md)"));
    }
}
