package dev.outpost.console;

import static dev.outpost.console.ConsoleBrowser.open;
import static dev.outpost.console.ConsoleBrowser.screenshot;
import static dev.outpost.console.ConsoleBrowser.signIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The audit page (admin): the chain's verification, entries with their details, filters, pages (issue 15). */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class AuditPageTest {
    static final String ADMIN = "test-admin-token-not-secret";
    static final String OPERATOR = "test-operator-token-not-secret";

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    private static long createToken(String name) {
        return JsonPath.from(given().header("Authorization", "Bearer " + ADMIN)
                        .contentType("application/json")
                        .body("{\"name\":\"" + name + "\",\"role\":\"operator\"}")
                        .post("/api/v1/admin/tokens")
                        .then()
                        .statusCode(201)
                        .extract()
                        .asString())
                .getLong("id");
    }

    private static void revoke(long id) {
        given().header("Authorization", "Bearer " + ADMIN)
                .delete("/api/v1/admin/tokens/" + id)
                .then()
                .statusCode(204);
    }

    private static JsonPath api(String pathAndQuery) {
        return JsonPath.from(given().header("Authorization", "Bearer " + ADMIN)
                .get(pathAndQuery)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    private static String verified(long entries) {
        return "Chain valid: " + String.format(Locale.US, "%,d", entries) + " entries verified";
    }

    private static void waitForEntries(Page page) {
        page.waitForSelector("#entries[aria-busy=false]");
    }

    private static List<Long> shownSeqs(Page page) {
        List<?> seqs = (List<?>)
                page.locator("#audit-entries > tbody > tr").evaluateAll("rows => rows.map(r => r.dataset.seq)");
        return seqs.stream().map(seq -> Long.parseLong((String) seq)).toList();
    }

    private static List<Long> apiSeqs(String query) {
        return api("/api/v1/admin/audit?" + query).getList("seq", Long.class);
    }

    private static void filter(Page page, String action, String size) {
        page.fill("#filter-action", action);
        page.selectOption("#filter-size", size);
        page.click("#audit-filters button[type=submit]");
        waitForEntries(page);
    }

    @Test
    void theChainIsShownValidWithTheCountTheApiVerifies() {
        createToken("console-audit-chain-" + System.nanoTime());
        Page page = browser.page();
        signIn(page, ADMIN);
        open(page, "/console/audit");
        waitForEntries(page);
        JsonPath verification = api("/api/v1/admin/audit/verify");
        assertThat(verification.getBoolean("valid")).isTrue();
        assertThat(page.textContent("#chain-status")).isEqualTo(verified(verification.getLong("entries")));
        assertThat(page.textContent("#head-hash")).isEqualTo(verification.getString("head.hash"));
        screenshot(page, "audit");

        // Verify again counts what was appended since.
        createToken("console-audit-chain-" + System.nanoTime());
        long now = api("/api/v1/admin/audit/verify").getLong("entries");
        assertThat(now).isGreaterThan(verification.getLong("entries"));
        page.click("#verify-again");
        page.waitForFunction("text => document.querySelector('#chain-status').textContent === text", verified(now));
    }

    @Test
    void tokenEntriesShowTheirActorAndDetailsAndTheActionFilterShowsOnlyThatAction() {
        String name = "console-audit-" + System.nanoTime();
        long id = createToken(name);
        revoke(id);
        Page page = browser.page();
        signIn(page, ADMIN);
        open(page, "/console/audit");
        waitForEntries(page);

        Locator created =
                page.locator("#audit-entries tr[data-target='token:" + id + "'][data-action='token.created']");
        Locator revoked =
                page.locator("#audit-entries tr[data-target='token:" + id + "'][data-action='token.revoked']");
        assertThat(created.count()).isEqualTo(1);
        assertThat(revoked.count()).isEqualTo(1);
        assertThat(created.locator("td.actor").textContent()).isEqualTo("test-admin");
        assertThat(revoked.locator("td.actor").textContent()).isEqualTo("test-admin");
        // Newest first: the revocation came after the creation.
        assertThat(Long.parseLong(revoked.getAttribute("data-seq")))
                .isGreaterThan(Long.parseLong(created.getAttribute("data-seq")));

        created.locator("summary").click();
        Locator facts = created.locator("table.kv tr");
        assertThat(facts.locator("th").allTextContents()).contains("id", "name", "role");
        assertThat(created.locator("table.kv tr:has(th:text-is('name')) td").textContent())
                .isEqualTo(name);
        assertThat(created.locator("table.kv tr:has(th:text-is('role')) td").textContent())
                .isEqualTo("operator");
        assertThat(created.locator("dl.hashes dd").first().textContent()).matches("[0-9a-f]{64}");

        filter(page, "token.revoked", "50");
        List<?> actions = (List<?>)
                page.locator("#audit-entries > tbody > tr").evaluateAll("rows => rows.map(r => r.dataset.action)");
        assertThat(actions).isNotEmpty().allMatch("token.revoked"::equals);
        assertThat(revoked.count()).isEqualTo(1);
        assertThat(shownSeqs(page)).isEqualTo(apiSeqs("page=0&size=50&action=token.revoked"));
        assertThat(page.url()).contains("action=token.revoked");

        page.click("#clear-filters");
        waitForEntries(page);
        assertThat(page.inputValue("#filter-action")).isEmpty();
        assertThat(created.count()).isEqualTo(1);
    }

    @Test
    void pagesWalkTheLogNewestFirst() {
        for (int i = 0; i < 12; i++) {
            createToken("console-audit-page-" + i + "-" + System.nanoTime());
        }
        Page page = browser.page();
        signIn(page, ADMIN);
        open(page, "/console/audit");
        waitForEntries(page);
        filter(page, "token.created", "10");

        List<Long> first = shownSeqs(page);
        assertThat(first).hasSize(10).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(first).isEqualTo(apiSeqs("page=0&size=10&action=token.created"));
        assertThat(page.isDisabled("#page-prev")).isTrue();
        assertThat(page.textContent("#page-status")).startsWith("Matching entries 1–10");

        page.click("#page-next");
        waitForEntries(page);
        List<Long> second = shownSeqs(page);
        assertThat(second).isNotEmpty().isEqualTo(apiSeqs("page=1&size=10&action=token.created"));
        assertThat(second.get(0)).isLessThan(first.get(first.size() - 1));
        assertThat(page.textContent("#page-label")).isEqualTo("Page 2");
        assertThat(page.url()).contains("page=1").contains("size=10");

        page.click("#page-prev");
        waitForEntries(page);
        assertThat(shownSeqs(page)).isEqualTo(first);
    }

    @Test
    void anOperatorIsToldThePageIsForAdmins() {
        Page page = browser.page();
        signIn(page, OPERATOR);
        open(page, "/console/audit");
        assertThat(page.textContent("#not-for-role")).contains("for the admin role");
        assertThat(page.textContent("#chain-status")).doesNotContain("Chain valid");
    }

    @Test
    void onANarrowScreenThePageDoesNotScrollSideways() {
        createToken("console-audit-narrow-" + System.nanoTime());
        Page page = browser.page(390, 844);
        signIn(page, ADMIN);
        open(page, "/console/audit");
        waitForEntries(page);
        page.locator("#audit-entries > tbody > tr summary").first().click();
        assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                .isEqualTo(true);
        screenshot(page, "audit-narrow");
    }
}
