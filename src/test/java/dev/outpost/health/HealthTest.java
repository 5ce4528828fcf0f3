package dev.outpost.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
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

    /**
     * Issue 11 item 1: every probe is one of Outpost's own checks, which run on the event loop; a
     * check that needs a worker thread (such as Quarkus's datasource check) could be starved.
     */
    @Test
    void everyProbeHoldsOnlyEventLoopChecks() {
        given().get("/q/health")
                .then()
                .statusCode(200)
                .body("checks.name", containsInAnyOrder("dataset", "store", "bootstrap"));
        for (Class<?> check :
                new Class<?>[] {DatasetReadinessCheck.class, StoreLivenessCheck.class, BootstrapStartupCheck.class}) {
            org.assertj.core.api.Assertions.assertThat(io.smallrye.health.api.AsyncHealthCheck.class)
                    .isAssignableFrom(check);
        }
    }

    @Test
    void isLiveAndStarted() {
        given().get("/q/health/live").then().statusCode(200).body("checks.name", hasItem("store"));
        given().get("/q/health/started").then().statusCode(200).body("checks.name", hasItem("bootstrap"));
    }
}
