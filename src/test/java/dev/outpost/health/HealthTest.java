package dev.outpost.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthTest {
    @Test
    void isReadyWithTheActiveSequence() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'dataset' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'dataset' }.data.sequence", equalTo(1));
    }

    @Test
    void isLiveAndStarted() {
        given().get("/q/health/live").then().statusCode(200).body("checks.name", hasItem("store"));
        given().get("/q/health/started").then().statusCode(200).body("checks.name", hasItem("bootstrap"));
    }
}
