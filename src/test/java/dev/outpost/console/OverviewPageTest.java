package dev.outpost.console;

import static dev.outpost.console.ConsoleBrowser.open;
import static dev.outpost.console.ConsoleBrowser.screenshot;
import static dev.outpost.console.ConsoleBrowser.signIn;
import static dev.outpost.console.ConsoleBrowser.waitReady;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.outpost.bundle.TestBundles;
import dev.outpost.bundle.importing.ImportsApi;
import dev.outpost.stats.Statistics;

/** The console's overview in Chromium (issue 15): is the appliance serving current data, at a glance. */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class OverviewPageTest {
    static final String OPERATOR = "test-operator-token-not-secret";
    static final Path TIMING = Path.of("target", "console-overview-timing.txt");
    private static final int WARM_UP_LOADS = 3;
    private static final int TIMED_LOADS = 10;

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Inject
    Statistics statistics;

    private static JsonPath operatorGet(String path) {
        return given().header("Authorization", "Bearer " + OPERATOR)
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    @Test
    void anOperatorSeesTheActiveDatasetItsRecordCountsAndThatTheApplianceIsReady() {
        JsonPath dataset = operatorGet("/api/v1/dataset");
        Page page = browser.page();
        signIn(page, OPERATOR);
        assertThat(page.url()).endsWith("/console/");

        assertThat(page.textContent("#dataset-name")).isEqualTo(dataset.getString("active.dataset"));
        assertThat(page.textContent("#dataset-sequence")).isEqualTo(dataset.getString("active.sequence"));
        Map<String, Object> counts = dataset.getMap("active.counts");
        assertThat(counts).containsKeys("files", "urls");
        for (Map.Entry<String, Object> kind : counts.entrySet()) {
            assertThat(page.textContent("#record-counts tr[data-kind=" + kind.getKey() + "] td"))
                    .as(kind.getKey())
                    .isEqualTo(count(((Number) kind.getValue()).longValue()));
        }
        assertThat(page.textContent("#record-counts tr[data-kind=files] th")).isEqualTo("Files");
        assertThat(page.textContent("#record-counts tr[data-kind=urls] th")).isEqualTo("URL expressions");
        assertThat(page.textContent("#freshness")).startsWith("Current");
        assertThat(page.textContent("#dataset")).contains("Created", "Expires", "Age", "Activated");

        assertThat(page.getAttribute("#readiness", "data-status")).isEqualTo("up");
        assertThat(page.textContent("#readiness-status"))
                .startsWith("Ready: serving " + dataset.getString("active.dataset") + ", sequence "
                        + dataset.getString("active.sequence"));
    }

    @Test
    void theLastImportsAreListedWithTheirOutcomeAndReasonEachLinkingToTheImportsPage() throws Exception {
        String name = "overview-not-a-bundle-" + System.nanoTime() + ".bundle";
        String rejected = given().header("Authorization", "Bearer " + OPERATOR)
                .contentType("application/octet-stream")
                .queryParam("name", name)
                .body("this is not a bundle".getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/imports")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");
        List<JsonPath> seen = ImportsApi.follow(rejected, Duration.ofSeconds(60));
        JsonPath outcome = seen.get(seen.size() - 1);
        assertThat(outcome.getString("state")).isEqualTo("REJECTED");

        JsonPath history = operatorGet("/api/v1/imports?size=5");
        List<String> ids = history.getList("imports.id");
        assertThat(ids).as("the demo bundle's import at least").isNotEmpty();
        Page page = browser.page();
        signIn(page, OPERATOR);

        assertThat(page.locator("#import-list li").evaluateAll("items => items.map(i => i.dataset.id)"))
                .isEqualTo(ids);
        List<String> states = history.getList("imports.state");
        for (int i = 0; i < ids.size(); i++) {
            String row = "#import-list li[data-id='" + ids.get(i) + "']";
            assertThat(page.textContent(row + " .outcome")).isEqualTo(states.get(i));
            assertThat(page.getAttribute(row + " a.import-link", "href"))
                    .isEqualTo("/console/imports?id=" + ids.get(i));
        }
        String item = "#import-list li[data-id='" + rejected + "']";
        assertThat(page.textContent(item + " .import-link")).isEqualTo(name);
        assertThat(page.textContent(item + " .import-reason code")).isEqualTo(outcome.getString("reason"));
        assertThat(page.textContent(item + " .import-reason")).startsWith(outcome.getString("detail"));
        JsonPath dataset = operatorGet("/api/v1/dataset");
        assertThat(page.textContent("#import-counts"))
                .contains(dataset.getLong("imports.activated") + " activated")
                .contains(dataset.getLong("imports.rejected") + " rejected");

        page.click("#import-list li a.import-link >> nth=0");
        page.waitForURL("**/console/imports?id=" + ids.get(0));
        waitReady(page);
    }

    @Test
    void theLocalVerdictCountIsTheOneTheApiLists() {
        given().header("Authorization", "Bearer " + OPERATOR)
                .contentType("application/json")
                .body(Map.of(
                        "kind", "domain", "value", "overview-" + System.nanoTime() + ".example", "verdict", "MALWARE"))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201);
        long inForce = countThroughTheApi("active");
        assertThat(inForce).isPositive();

        Page page = browser.page();
        signIn(page, OPERATOR);
        assertThat(page.getAttribute("#local-verdict-count", "data-count")).isEqualTo(String.valueOf(inForce));
        assertThat(page.textContent("#local-verdict-count")).isEqualTo(count(inForce));
        assertThat(page.getAttribute("#local-verdicts a", "href")).isEqualTo("/console/local-verdicts");
    }

    private static long countThroughTheApi(String state) {
        long total = 0;
        for (int page = 0; ; page++) {
            int got = operatorGet("/api/v1/local-verdicts?state=" + state + "&size=1000&page=" + page)
                    .getList("$")
                    .size();
            total += got;
            if (got < 1000) {
                return total;
            }
        }
    }

    /**
     * The count is the listing's {@code X-Total-Count}, read with a one-item page: a listing of
     * 123,457 verdicts (answered by the browser's router as the API would) costs one request.
     */
    @Test
    void aLargeNumberOfLocalVerdictsIsCountedWithoutReadingThem() {
        int verdicts = 123_457;
        List<String> requested = Collections.synchronizedList(new ArrayList<>());
        Page page = browser.page();
        signIn(page, OPERATOR);
        page.route(url -> url.contains("/api/v1/local-verdicts?"), route -> {
            Map<String, String> query = query(route);
            requested.add(route.request().url());
            route.fulfill(new Route.FulfillOptions()
                    .setStatus(200)
                    .setContentType("application/json")
                    .setHeaders(Map.of("X-Total-Count", String.valueOf(verdicts)))
                    .setBody("[{\"id\":" + query.get("size") + "}]"));
        });
        open(page, "/console/");
        assertThat(page.getAttribute("#local-verdict-count", "data-count")).isEqualTo(String.valueOf(verdicts));
        assertThat(page.textContent("#local-verdict-count")).isEqualTo("123,457");
        assertThat(requested).hasSize(1).allMatch(url -> url.contains("state=active") && url.contains("size=1"));
    }

    private static Map<String, String> query(Route route) {
        String raw = URI.create(route.request().url()).getRawQuery();
        return Arrays.stream(raw.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair.length > 1 ? pair[1] : ""));
    }

    @Test
    void afterLookupsTheHoursChartHasBarsAndItsNumbersAreTheStatistics() {
        for (int i = 0; i < 5; i++) {
            given().get("/api/v1/files/{hash}", TestBundles.EICAR_SHA256).then().statusCode(200);
        }
        given().get("/api/v1/files/{hash}", "00000000000000000000000000000000000000000000000000000000000000bb")
                .then()
                .statusCode(200);
        given().get("/api/v1/files/{hash}", "not-a-hash").then().statusCode(400);
        statistics.flush();

        Page page = browser.page();
        signIn(page, OPERATOR);
        JsonPath stats = operatorGet("/api/v1/stats?hours=24&days=14");
        if (!page.getAttribute("#lookups-hours-numbers tbody tr", "data-start")
                .equals(stats.getString("hourly.series[0].start"))) {
            // The hour turned between the page's request and ours: both ask again.
            open(page, "/console/");
            stats = operatorGet("/api/v1/stats?hours=24&days=14");
        }

        assertThat(page.getAttribute("#lookups-hours", "data-state")).isEqualTo("ready");
        assertThat(page.locator("#lookups-hours svg rect.seg").count()).isPositive();
        String currentHour = stats.getString("hourly.series[-1].start");
        String redBar = "#lookups-hours svg rect.seg[data-series=red][data-start='" + currentHour + "']";
        assertThat(page.getAttribute(redBar, "data-count")).isEqualTo(stats.getString("hourly.series[-1].byZone.red"));
        assertThat(Long.parseLong(page.getAttribute(redBar, "data-count"))).isGreaterThanOrEqualTo(5);

        List<String> expectedTotals = new ArrayList<>();
        for (Map<String, Object> point : stats.<Map<String, Object>>getList("hourly.series")) {
            expectedTotals.add(String.valueOf(
                    ((Number) point.get("lookups")).longValue() + ((Number) point.get("rejected")).longValue()));
        }
        assertThat(page.locator("#lookups-hours-numbers tbody tr")
                        .evaluateAll("rows => rows.map(r => r.dataset.total)"))
                .isEqualTo(expectedTotals);
        page.click("#lookups-hours summary");
        String lastRow = "#lookups-hours-numbers tbody tr:last-child";
        assertThat(page.locator(lastRow + " td").allTextContents())
                .containsExactly(
                        count(stats.getLong("hourly.series[-1].byZone.red")),
                        count(stats.getLong("hourly.series[-1].byZone.yellow")),
                        count(stats.getLong("hourly.series[-1].byZone.green")),
                        count(stats.getLong("hourly.series[-1].byZone.grey")),
                        count(stats.getLong("hourly.series[-1].rejected")),
                        count(stats.getLong("hourly.series[-1].lookups")
                                + stats.getLong("hourly.series[-1].rejected")));
        long fileRed = stats.<Map<String, Object>>getList("hourly.totals.cells").stream()
                .filter(c -> "file".equals(c.get("kind")) && "red".equals(c.get("zone")))
                .mapToLong(c -> ((Number) c.get("lookups")).longValue())
                .sum();
        assertThat(page.textContent("#lookups-hours-kinds tr[data-kind=file] td"))
                .isEqualTo(count(fileRed));
        assertThat(page.getAttribute("#lookups-days", "data-state")).isEqualTo("ready");
        assertThat(page.locator("#lookups-days svg g.column").count()).isEqualTo(14);
        screenshot(page, "overview");
    }

    @Test
    void theNarrowLayoutHasNoPageWideHorizontalScroll() {
        // With a lookup counted, so that the charts and their tables are drawn at this width too.
        given().get("/api/v1/files/{hash}", TestBundles.EICAR_SHA256).then().statusCode(200);
        statistics.flush();
        Page page = browser.page(390, 844);
        signIn(page, OPERATOR);
        for (Locator summary : page.locator("main summary").all()) {
            summary.click();
        }
        Object fits = page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth");
        assertThat(fits).isEqualTo(true);
        screenshot(page, "overview-narrow");
    }

    @Test
    void whenTheStatisticsCannotBeReadTheChartsSaySoAndTheOtherCardsRender() {
        browser.allowConsoleError("status of 503");
        Page page = browser.page();
        signIn(page, OPERATOR);
        page.route(
                url -> url.contains("/api/v1/stats?"),
                route -> route.fulfill(new Route.FulfillOptions()
                        .setStatus(503)
                        .setContentType("application/problem+json")
                        .setBody("{\"type\":\"urn:outpost:problem:unavailable\",\"title\":\"Service Unavailable\","
                                + "\"status\":503,\"detail\":\"the statistics database does not answer\"}")));
        open(page, "/console/");
        assertThat(page.getAttribute("#lookups-hours", "data-state")).isEqualTo("error");
        assertThat(page.textContent("#lookups-hours .error"))
                .isEqualTo("Lookup statistics are not available: the statistics database does not answer");
        assertThat(page.getAttribute("#dataset", "data-state")).isEqualTo("ready");
        assertThat(page.getAttribute("#readiness", "data-status")).isEqualTo("up");
        screenshot(page, "overview-stats-unavailable");
    }

    /**
     * Issue 15 asks for the overview in under 300 ms on the demo dataset. Timings depend on the
     * machine, so they are measured and written for the report rather than asserted: from navigation
     * start to {@code body[data-state=ready]}, seen by a mutation observer the test adds to each page.
     */
    @Test
    void overviewLoadTimesAreMeasuredAndWritten() throws IOException {
        Page page = browser.page();
        signIn(page, OPERATOR);
        page.addInitScript("new MutationObserver(() => {"
                + " if (!window.__overviewReadyAt && document.body && document.body.dataset.state === 'ready')"
                + " window.__overviewReadyAt = performance.now(); })"
                + ".observe(document, { attributes: true, subtree: true, attributeFilter: ['data-state'] });");
        List<Double> samples = new ArrayList<>();
        Object requests = null;
        for (int i = 0; i < WARM_UP_LOADS + TIMED_LOADS; i++) {
            open(page, "/console/");
            assertThat(page.getAttribute("#dataset", "data-state")).isEqualTo("ready");
            Object readyAt = page.evaluate("() => window.__overviewReadyAt");
            assertThat(readyAt).as("ready time of load " + i).isInstanceOf(Number.class);
            if (i >= WARM_UP_LOADS) {
                samples.add(((Number) readyAt).doubleValue());
            }
            requests = page.evaluate("() => [...performance.getEntriesByType('navigation'),"
                    + " ...performance.getEntriesByType('resource')].map(e =>"
                    + " `  ${e.startTime.toFixed(1)} to ${e.responseEnd.toFixed(1)} ms `"
                    + " + e.name.replace(location.origin, '')).join('\\n')");
        }
        List<Double> sorted = samples.stream().sorted().toList();
        double median = (sorted.get(TIMED_LOADS / 2 - 1) + sorted.get(TIMED_LOADS / 2)) / 2;
        String report = String.format(
                Locale.ROOT,
                "Overview (/console/), demo dataset, headless Chromium: navigation start to body[data-state=ready]%n"
                        + "load average %.1f on %d processors while measured%n"
                        + "%d loads after %d warm-up loads: min %.1f ms, median %.1f ms, max %.1f ms%n"
                        + "samples (ms): %s%n"
                        + "requests of the last load (from navigation start):%n%s%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors(),
                TIMED_LOADS,
                WARM_UP_LOADS,
                sorted.get(0),
                median,
                sorted.get(sorted.size() - 1),
                samples.stream().map(s -> String.format(Locale.ROOT, "%.1f", s)).collect(Collectors.joining(" ")),
                requests);
        System.out.print(report);
        Files.createDirectories(TIMING.getParent());
        Files.writeString(TIMING, report);
        assertThat(samples).hasSize(TIMED_LOADS);
    }
}
