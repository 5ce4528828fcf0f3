package dev.outpost.console;

import static dev.outpost.console.ConsoleBrowser.open;
import static dev.outpost.console.ConsoleBrowser.screenshot;
import static dev.outpost.console.ConsoleBrowser.signIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.WaitForSelectorState;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The local verdicts page in Chromium (issue 15): create, find, change, expire and delete a verdict,
 * see a lookup follow it at once, bulk import with every bad row named and nothing applied, export,
 * and another operator's verdict refused in words. Subjects are unique per run: every console test
 * shares one application.
 */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class LocalVerdictsPageTest {
    static final String OPERATOR = "test-operator-token-not-secret";
    static final String OPERATOR_2 = "test-operator-2-token-not-secret";
    static final String ADMIN = "test-admin-token-not-secret";
    static final String LOOKUP = "test-lookup-token-not-secret";
    static final String EICAR_SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    private static String unique(String label) {
        return label + "-" + Long.toString(System.nanoTime(), 36) + ".example";
    }

    /** The stored verdict on {@code subject} (canonical), or null: read through the API, newest 1,000. */
    private static Map<String, Object> stored(String kind, String subject) {
        List<Map<String, Object>> rows = as(ADMIN)
                .get("/api/v1/local-verdicts?kind=" + kind + "&size=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return rows.stream()
                .filter(row -> subject.equals(row.get("subject")))
                .findFirst()
                .orElse(null);
    }

    private static long createAs(String token, String kind, String value, String verdict) {
        return JsonPath.from(as(token)
                        .body(Map.of("kind", kind, "value", value, "verdict", verdict))
                        .post("/api/v1/local-verdicts")
                        .then()
                        .statusCode(201)
                        .extract()
                        .asString())
                .getLong("id");
    }

    private static void deleteAsAdmin(long id) {
        as(ADMIN).delete("/api/v1/local-verdicts/" + id);
    }

    private static String row(String subject) {
        return "#verdicts tr[data-subject=\"" + subject + "\"]";
    }

    private static void search(Page page, String text, String subject) {
        page.fill("#search-q", text);
        page.click("#search button[type=submit]");
        page.waitForSelector(row(subject));
    }

    private static void waitForMessage(Page page, String text) {
        page.waitForFunction(
                "t => { const m = document.getElementById('action-message'); return !m.hidden && m.textContent.includes(t); }",
                text);
    }

    private static void createInPage(Page page, String kind, String value, String verdict) {
        page.selectOption("#create-kind", kind);
        page.fill("#create-value", value);
        page.selectOption("#create-verdict", verdict);
        page.click("#create-form button[type=submit]");
        waitForMessage(page, "Created verdict");
    }

    @Test
    void anOperatorCreatesFindsChangesExpiresAndDeletesAVerdict() {
        String domain = unique("lv-page");
        Page page = browser.page();
        signIn(page, OPERATOR);
        open(page, "/console/local-verdicts");

        page.selectOption("#create-kind", "domain");
        page.fill("#create-value", "WWW." + domain.toUpperCase() + ".");
        page.selectOption("#create-verdict", "MALWARE");
        page.fill("#create-threat", "Trojan.ConsoleTest");
        page.fill("#create-comment", "ticket 4711, from the console");
        page.click("#create-form button[type=submit]");
        waitForMessage(page, "Created verdict");
        // The appliance made the subject canonical; the page shows what it stored.
        String subject = "www." + domain;
        Map<String, Object> created = stored("domain", subject);
        assertThat(created).isNotNull();
        assertThat(created.get("createdBy")).isEqualTo("test-operator");
        long id = ((Number) created.get("id")).longValue();

        search(page, domain, subject);
        String row = row(subject);
        assertThat(page.textContent(row + " td.zone-cell")).isEqualTo("RED");
        assertThat(page.textContent(row + " td.verdict")).isEqualTo("MALWARE");
        assertThat(page.textContent(row + " td.threat")).isEqualTo("Trojan.ConsoleTest");
        assertThat(page.textContent(row + " td.comment")).isEqualTo("ticket 4711, from the console");
        assertThat(page.textContent(row + " td.created")).contains("test-operator");
        assertThat(page.textContent(row + " td.expires")).contains("active").contains("never");
        assertThat(page.url()).contains("q=" + domain);
        screenshot(page, "local-verdicts");

        // Change its zone: MALWARE (RED) to SUSPICIOUS (YELLOW), in place.
        page.click(row + " button[data-action=edit]");
        assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("edit-verdict");
        page.selectOption("#edit-verdict", "SUSPICIOUS");
        page.click("#edit-form button[type=submit]");
        waitForMessage(page, "now says SUSPICIOUS (YELLOW)");
        page.waitForSelector(row + " td.zone-cell .zone-yellow");
        as(OPERATOR)
                .get("/api/v1/local-verdicts/" + id)
                .then()
                .body("verdict", equalTo("SUSPICIOUS"))
                .body("zone", equalTo("YELLOW"))
                .body("threatName", equalTo("Trojan.ConsoleTest"))
                .body("revision", equalTo(1));

        page.click(row + " button[data-action=expire]");
        page.waitForSelector(row + "[data-expired=true]");
        assertThat(page.textContent(row + " td.expires")).contains("expired");
        waitForMessage(page, "has expired");
        as(OPERATOR).get("/api/v1/local-verdicts/" + id).then().body("expired", equalTo(true));

        // Delete, with the keyboard: the confirmation starts on Cancel, so a second Enter deletes nothing.
        page.focus(row + " button[data-action=delete]");
        page.keyboard().press("Enter");
        assertThat(page.evaluate("() => document.activeElement.dataset.action")).isEqualTo("cancel-delete");
        page.keyboard().press("Escape");
        assertThat(page.evaluate("() => document.activeElement.dataset.action")).isEqualTo("delete");
        page.keyboard().press("Enter");
        page.keyboard().press("Shift+Tab");
        assertThat(page.evaluate("() => document.activeElement.dataset.action")).isEqualTo("confirm-delete");
        page.keyboard().press("Enter");
        waitForMessage(page, "was deleted");
        page.waitForSelector(row, new Page.WaitForSelectorOptions().setState(WaitForSelectorState.DETACHED));
        assertThat(page.textContent("#empty")).contains("No verdicts match");
        as(OPERATOR).get("/api/v1/local-verdicts/" + id).then().statusCode(404);
    }

    @Test
    void aVerdictCreatedAndExpiredInThePageChangesTheLookupAtOnce() {
        // Precondition: the vendor's answer for EICAR. A verdict another test left on it is removed.
        Map<String, Object> leftover = stored("file", EICAR_SHA256);
        if (leftover != null) {
            deleteAsAdmin(((Number) leftover.get("id")).longValue());
        }
        lookupEicar()
                .body("zone", equalTo("RED"))
                .body("verdict", equalTo("MALWARE"))
                .body("source.type", equalTo("vendor"));

        Page page = browser.page();
        signIn(page, OPERATOR);
        open(page, "/console/local-verdicts");
        createInPage(page, "file", EICAR_SHA256.toUpperCase(), "TRUSTED");
        long id = ((Number) stored("file", EICAR_SHA256).get("id")).longValue();
        try {
            lookupEicar()
                    .body("zone", equalTo("GREEN"))
                    .body("verdict", equalTo("TRUSTED"))
                    .body("source.type", equalTo("local"))
                    .body("source.localVerdictId", equalTo((int) id))
                    .body("source.createdBy", equalTo("test-operator"));

            search(page, EICAR_SHA256, EICAR_SHA256);
            page.click(row(EICAR_SHA256) + " button[data-action=expire]");
            page.waitForSelector(row(EICAR_SHA256) + "[data-expired=true]");
            // No refresh interval to wait for: an expired verdict no longer decides.
            lookupEicar()
                    .body("zone", equalTo("RED"))
                    .body("verdict", equalTo("MALWARE"))
                    .body("source.type", equalTo("vendor"));

            // Applied again (expiry cleared), the local verdict decides again.
            page.click(row(EICAR_SHA256) + " button[data-action=reinstate]");
            page.waitForSelector(row(EICAR_SHA256) + "[data-expired=false]");
            lookupEicar().body("zone", equalTo("GREEN")).body("source.type", equalTo("local"));
        } finally {
            deleteAsAdmin(id);
        }
        lookupEicar().body("source.type", equalTo("vendor"));
    }

    private static ValidatableResponse lookupEicar() {
        return given().header("Authorization", "Bearer " + LOOKUP)
                .get("/api/v1/files/" + EICAR_SHA256)
                .then()
                .statusCode(200);
    }

    @Test
    void aBulkImportWithABadRowImportsNothingAndNamesTheRowThenAGoodFileImportsAndExports() throws IOException {
        browser.allowConsoleError("status of 400");
        String first = unique("lv-import-a");
        String second = unique("lv-import-b");
        Page page = browser.page();
        signIn(page, OPERATOR);
        open(page, "/console/local-verdicts");

        String bad = "kind,value,verdict,threatName,comment,expiresAt\n"
                + "domain," + first + ",MALWARE,Import.Test,\"ticket 1, bulk\",\n"
                + "url,mailto:someone@" + second + ",PHISHING,,,\n";
        page.setInputFiles(
                "#import-file", new FilePayload("bad.csv", "text/csv", bad.getBytes(StandardCharsets.UTF_8)));
        page.click("#import-form button[type=submit]");
        page.waitForSelector("#import-errors");
        assertThat(page.textContent("#import-problem"))
                .contains("1 row is invalid (of 2 read)")
                .contains("nothing was imported");
        assertThat(page.locator("#import-errors tbody tr").count()).isEqualTo(1);
        assertThat(page.textContent("#import-errors tr[data-row=\"3\"]"))
                .contains("invalid-url")
                .contains("mailto:someone@" + second);
        screenshot(page, "local-verdicts-import-errors");
        assertThat(stored("domain", first)).as("all rows or none").isNull();

        String good = "kind,value,verdict,threatName,comment,expiresAt\n"
                + "domain," + first + ",MALWARE,Import.Test,\"ticket 1, bulk\",\n"
                + "url,http://" + second + "/phish/,PHISHING,,,2099-12-31T00:00:00Z\n";
        page.setInputFiles(
                "#import-file", new FilePayload("good.csv", "text/csv", good.getBytes(StandardCharsets.UTF_8)));
        page.click("#import-form button[type=submit]");
        page.waitForSelector("#import-done");
        assertThat(page.textContent("#import-done")).contains("2 rows, 2 created, 0 changed, 0 unchanged");
        assertThat(page.locator("#import-errors").count()).isZero();
        Map<String, Object> firstStored = stored("domain", first);
        Map<String, Object> secondStored = stored("url", second + "/phish/");
        assertThat(firstStored).isNotNull();
        assertThat(firstStored.get("comment")).isEqualTo("ticket 1, bulk");
        assertThat(secondStored).isNotNull();
        try {
            Download csv = page.waitForDownload(() -> page.click("#export-csv"));
            assertThat(csv.suggestedFilename()).matches("local-verdicts-all-\\d{4}-\\d{2}-\\d{2}\\.csv");
            String exported = Files.readString(csv.path(), StandardCharsets.UTF_8);
            assertThat(exported)
                    .startsWith("kind,value,verdict,threatName,comment,expiresAt,expired,id,")
                    .contains("domain," + first + ",MALWARE,Import.Test,\"ticket 1, bulk\",")
                    .contains(second + "/phish/,PHISHING");

            page.selectOption("#export-state", "active");
            Download jsonl = page.waitForDownload(() -> page.click("#export-jsonl"));
            assertThat(jsonl.suggestedFilename()).endsWith(".jsonl");
            assertThat(Files.readString(jsonl.path(), StandardCharsets.UTF_8))
                    .contains("\"value\":\"" + first + "\"")
                    .contains("\"createdBy\":\"test-operator\"");
            assertThat(page.textContent("#export-result")).contains("Exported").contains("JSON Lines");
        } finally {
            deleteAsAdmin(((Number) firstStored.get("id")).longValue());
            deleteAsAdmin(((Number) secondStored.get("id")).longValue());
        }
    }

    @Test
    void anotherOperatorsVerdictIsRefusedAndThePageSaysWhose() {
        browser.allowConsoleError("status of 403");
        String domain = unique("lv-theirs");
        long id = createAs(OPERATOR_2, "domain", domain, "PHISHING");
        try {
            Page page = browser.page();
            signIn(page, OPERATOR);
            open(page, "/console/local-verdicts?q=" + domain);
            String row = row(domain);
            page.waitForSelector(row);
            assertThat(page.textContent(row + " .not-yours"))
                    .contains("test-operator-2's verdict: only test-operator-2 or an admin may change it");

            page.click(row + " button[data-action=edit]");
            assertThat(page.textContent("#edit-owner")).contains("test-operator-2's");
            page.selectOption("#edit-verdict", "CLEAN");
            page.click("#edit-form button[type=submit]");
            page.waitForSelector("#edit-error:not([hidden])");
            assertThat(page.textContent("#edit-error"))
                    .contains("Not yours to change")
                    .contains("local verdict " + id + " is test-operator-2's")
                    .doesNotContain("role");
            page.click("#edit-cancel");

            page.click(row + " button[data-action=expire]");
            waitForMessage(page, "test-operator-2's");
            assertThat(page.textContent("#action-message")).contains("was left as it was");
            page.click(row + " button[data-action=delete]");
            page.waitForResponse(
                    response -> response.request().method().equals("DELETE"),
                    () -> page.click(row + " button[data-action=confirm-delete]"));
            // Refused, the row is drawn again as the appliance holds it, and the message stays.
            page.waitForSelector(row + " button[data-action=delete]");
            assertThat(page.textContent("#action-message"))
                    .contains("only test-operator-2 or an admin may change or delete it");

            as(OPERATOR_2)
                    .get("/api/v1/local-verdicts/" + id)
                    .then()
                    .body("verdict", equalTo("PHISHING"))
                    .body("expired", equalTo(false))
                    .body("revision", equalTo(0));
        } finally {
            deleteAsAdmin(id);
        }
    }

    @Test
    void aBadSubjectShowsTheProblemAndAnExistingSubjectLeadsToItsVerdict() {
        browser.allowConsoleError("status of 40[09]");
        String domain = unique("lv-exists");
        long id = createAs(OPERATOR, "domain", domain, "ADWARE");
        try {
            Page page = browser.page();
            signIn(page, OPERATOR);
            open(page, "/console/local-verdicts");
            page.selectOption("#create-kind", "domain");
            page.fill("#create-value", "10.0.0.1");
            page.click("#create-form button[type=submit]");
            page.waitForSelector("#create-error:not([hidden])");
            assertThat(page.textContent("#create-error")).contains("10.0.0.1");
            assertThat(page.inputValue("#create-value")).isEqualTo("10.0.0.1");

            page.fill("#create-value", domain);
            page.click("#create-form button[type=submit]");
            page.waitForSelector("#show-existing");
            assertThat(page.textContent("#create-error")).contains("exists (id " + id + ")");
            page.click("#show-existing");
            page.waitForSelector(row(domain) + "[data-id=\"" + id + "\"]");
            assertThat(page.inputValue("#search-q")).isEqualTo("#" + id);

            page.fill("#search-q", "no-such-subject-" + System.nanoTime());
            page.click("#search button[type=submit]");
            page.waitForSelector("#empty");
            assertThat(page.textContent("#empty")).contains("No verdicts match");
        } finally {
            deleteAsAdmin(id);
        }
    }

    @Test
    void onANarrowScreenEachVerdictIsACardWithoutPageWideScrolling() {
        String domain = unique("lv-narrow-with-a-rather-long-subdomain-label");
        long id = createAs(OPERATOR, "domain", domain, "RISKWARE");
        as(OPERATOR)
                .body(Map.of("comment", "seen on a phone", "threatName", "Riskware.Narrow"))
                .patch("/api/v1/local-verdicts/" + id)
                .then()
                .statusCode(200);
        try {
            Page page = browser.page(390, 844);
            signIn(page, OPERATOR);
            open(page, "/console/local-verdicts?q=" + domain);
            page.waitForSelector(row(domain));
            assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                    .isEqualTo(true);
            assertThat(page.textContent(row(domain) + " td.zone-cell")).isEqualTo("YELLOW");
            screenshot(page, "local-verdicts-narrow");
        } finally {
            deleteAsAdmin(id);
        }
    }
}
