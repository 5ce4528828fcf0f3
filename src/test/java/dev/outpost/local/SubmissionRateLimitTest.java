package dev.outpost.local;

import static dev.outpost.local.Callers.SUBMITTER;
import static dev.outpost.local.Callers.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A submitter over its token bucket gets 429 with Retry-After (issue 14). */
@QuarkusTest
@TestProfile(SubmissionRateLimitTest.SlowBucket.class)
class SubmissionRateLimitTest {
    public static class SlowBucket implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "outpost.local.submissions.items-per-second", "1",
                    "outpost.local.submissions.burst-items", "10000",
                    "outpost.data-dir", "target/test-data/rate-limit-" + System.nanoTime());
        }
    }

    @Test
    void aSubmitterOverItsRateIsToldWhenToComeBack() {
        // Invalid items cost as much as valid ones: the bucket meters what a submitter sends.
        List<Map<String, String>> items = Collections.nCopies(10_000, Map.of("kind", "nothing"));
        as(SUBMITTER)
                .body(Map.of("items", items))
                .post("/api/v1/local-verdicts/submissions")
                .then()
                .statusCode(200)
                .body("invalid", equalTo(10_000));
        // 300 more need 300 s of refill; the first request took far less, even on a busy machine.
        List<Map<String, String>> more =
                Collections.nCopies(300, Map.of("kind", "domain", "value", "late.example", "verdict", "MALWARE"));
        String retryAfter = as(SUBMITTER)
                .body(Map.of("items", more))
                .post("/api/v1/local-verdicts/submissions")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:rate-limited"))
                .extract()
                .header("Retry-After");
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 300);
        // Refused means nothing was written.
        as(Callers.ADMIN).get("/api/v1/local-verdicts").then().body("$", org.hamcrest.Matchers.hasSize(0));
    }
}
