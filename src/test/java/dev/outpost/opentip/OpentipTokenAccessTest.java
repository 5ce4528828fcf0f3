package dev.outpost.opentip;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

import dev.outpost.hashlookup.DocumentedExchanges;
import dev.outpost.hashlookup.InteropPython;
import dev.outpost.hashlookup.TokenLookups;

/**
 * With {@code outpost.security.lookups=token}: OpenTIP's key header, {@code x-api-key}, is a lookup
 * token under {@code /opentip/} (and only there), as {@code Authorization: Bearer} is everywhere.
 */
@QuarkusTest
@TestProfile(TokenLookups.class)
class OpentipTokenAccessTest {
    static final String LOOKUP_TOKEN = "test-lookup-token-not-secret";
    static final String EICAR_SEARCH = "/opentip/api/v1/search/hash?request=44d88612fea8a8f36de82e1278abb02f";

    static List<DocumentedExchanges.Exchange> exchanges() throws Exception {
        return DocumentedExchanges.read(OpentipDocumentationTest.DOCUMENT, "http lookups=token");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void answersAsDocumented(DocumentedExchanges.Exchange exchange) throws Exception {
        DocumentedExchanges.replay(exchange, RestAssured.port, LOOKUP_TOKEN);
    }

    @Test
    void operatorAndAdminKeysMayLookUpAndASubmitterKeyMayNot() {
        for (String token : List.of("test-operator-token-not-secret", "test-admin-token-not-secret")) {
            given().header("x-api-key", token)
                    .get(EICAR_SEARCH)
                    .then()
                    .statusCode(200)
                    .body("Zone", equalTo("Red"));
        }
        given().header("x-api-key", "test-submitter-token-not-secret")
                .get(EICAR_SEARCH)
                .then()
                .statusCode(403)
                .body("type", equalTo("urn:outpost:problem:forbidden"));
    }

    @Test
    void aBearerTokenWorksHereTooAndWinsOverTheKey() {
        given().header("Authorization", "Bearer " + LOOKUP_TOKEN)
                .get(EICAR_SEARCH)
                .then()
                .statusCode(200);
        // One credential is read: Authorization, when both are sent.
        given().header("Authorization", "Bearer " + LOOKUP_TOKEN)
                .header("x-api-key", "not-a-token")
                .get(EICAR_SEARCH)
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer not-a-token")
                .header("x-api-key", LOOKUP_TOKEN)
                .get(EICAR_SEARCH)
                .then()
                .statusCode(401);
    }

    @Test
    void anEmptyKeyIsABadOne() {
        given().header("x-api-key", "").get(EICAR_SEARCH).then().statusCode(401);
    }

    @Test
    void theClientsGetTheirAnswersWithAnOutpostTokenAsTheirKeyAndA401WithAnyOther() throws Exception {
        InteropPython.require();
        InteropPython.Result result =
                InteropPython.script("opentip_clients.py", OpentipClientsTest.base(), LOOKUP_TOKEN, "answers");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("passed 15 checks");
        result = InteropPython.script("opentip_clients.py", OpentipClientsTest.base(), "a-kaspersky-key", "401");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("passed 2 checks").doesNotContain("FAIL");
    }
}
