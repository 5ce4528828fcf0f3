package dev.outpost.local;

import static io.restassured.RestAssured.given;

import java.util.List;

import io.restassured.specification.RequestSpecification;

/** The %test profile's tokens (application.properties), as REST Assured requests. */
final class Callers {
    static final String OPERATOR = "test-operator-token-not-secret";
    static final String OPERATOR_2 = "test-operator-2-token-not-secret";
    static final String ADMIN = "test-admin-token-not-secret";
    static final String SUBMITTER = "test-submitter-token-not-secret";
    static final String LOOKUP = "test-lookup-token-not-secret";

    private Callers() {}

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    /** Deletes every local verdict, whoever's (an admin may): other tests expect an empty table. */
    static void deleteAll() {
        while (true) {
            List<Integer> ids =
                    as(ADMIN).get("/api/v1/local-verdicts?size=1000").jsonPath().getList("id");
            if (ids.isEmpty()) {
                return;
            }
            ids.forEach(id ->
                    as(ADMIN).delete("/api/v1/local-verdicts/" + id).then().statusCode(204));
        }
    }
}
