package dev.outpost.console;

import static dev.outpost.console.ConsoleBrowser.screenshot;
import static dev.outpost.console.ConsoleBrowser.signIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.Page;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.outpost.bundle.importing.ImportsApi;

/**
 * The overview of an appliance that has never imported a bundle, and then of one whose dataset is
 * too old, in Chromium (issue 15: "clear empty and error states: no dataset yet, readiness down"). An
 * application of its own, so that the console's other tests keep their fresh demo dataset; its tests
 * run in order, the second importing the bundle the first one lacks.
 */
@QuarkusTest
@TestProfile(OverviewEmptyStateTest.NoDataset.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverviewEmptyStateTest {
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    /**
     * The test profile's trusted demo keys, but no demo bundle imported and an empty data directory;
     * a dataset older than a day is stale, which the demo bundle (created 2026-11-23) always is.
     */
    public static class NoDataset implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "outpost.demo.bundle",
                    "",
                    "outpost.dataset.max-age",
                    "P1D",
                    "outpost.data-dir",
                    "target/test-data/console-no-dataset-" + System.nanoTime());
        }
    }

    @Test
    @Order(1)
    void withoutADatasetTheOverviewSaysSoAndWhyTheApplianceIsNotReady() {
        // The readiness probe answers 503 while not ready, which Chromium reports as a console error.
        browser.allowConsoleError("status of 503");
        Page page = browser.page();
        signIn(page, OverviewPageTest.OPERATOR);

        assertThat(page.getAttribute("#readiness", "data-status")).isEqualTo("down");
        assertThat(page.textContent("#readiness-status"))
                .isEqualTo("Not ready: no dataset is active — import a signed bundle on the Imports page"
                        + " (or drop it in the inbox).");
        assertThat(page.getAttribute("#readiness-status a", "href")).isEqualTo("/console/imports");

        assertThat(page.getAttribute("#dataset", "data-state")).isEqualTo("empty");
        assertThat(page.textContent("#no-dataset")).startsWith("No dataset is active yet");
        assertThat(page.getAttribute("#imports", "data-state")).isEqualTo("empty");
        assertThat(page.textContent("#no-imports")).isEqualTo("No bundle has been imported yet.");
        assertThat(page.textContent("#local-verdict-count")).isEqualTo("0");
        assertThat(page.getAttribute("#lookups-hours", "data-state")).isEqualTo("empty");
        assertThat(page.textContent("#lookups-hours-empty")).isEqualTo("No lookups in the last 24 hours.");
        assertThat(page.getAttribute("#lookups-days", "data-state")).isEqualTo("empty");
        screenshot(page, "overview-no-dataset");
    }

    @Test
    @Order(2)
    void aDatasetOlderThanTheMaximumAgeIsStaleAndTheApplianceNotReadySaysWhatToDo() throws Exception {
        String id = given().header("Authorization", "Bearer " + OverviewPageTest.OPERATOR)
                .contentType("application/octet-stream")
                .queryParam("name", "demo.bundle")
                .body(Files.readAllBytes(Path.of("offline-bundles/demo.bundle")))
                .post("/api/v1/imports")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");
        List<JsonPath> seen = ImportsApi.follow(id, Duration.ofSeconds(60));
        assertThat(seen.get(seen.size() - 1).getString("state")).isEqualTo("ACTIVATED");

        browser.allowConsoleError("status of 503");
        Page page = browser.page();
        signIn(page, OverviewPageTest.OPERATOR);
        assertThat(page.getAttribute("#readiness", "data-status")).isEqualTo("down");
        assertThat(page.textContent("#readiness-status"))
                .startsWith("Not ready: the active dataset was created ")
                .endsWith(", longer ago than this appliance allows (outpost.dataset.max-age=PT24H) — import a"
                        + " newer bundle on the Imports page.");
        assertThat(page.getAttribute("#dataset", "data-state")).isEqualTo("ready");
        assertThat(page.textContent("#dataset-name")).isEqualTo("demo");
        assertThat(page.textContent("#freshness")).startsWith("Stale: the active dataset was created ");
        assertThat(page.getAttribute("#import-list li", "data-id")).isEqualTo(id);
        assertThat(page.textContent("#import-list li")).contains("upload", "by test-operator");
        screenshot(page, "overview-stale");
    }
}
