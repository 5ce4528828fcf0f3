package dev.outpost.console;

import static dev.outpost.console.ConsoleBrowser.open;
import static dev.outpost.console.ConsoleBrowser.screenshot;
import static dev.outpost.console.ConsoleBrowser.signIn;
import static dev.outpost.console.LookupPageTest.INPUT;
import static dev.outpost.console.LookupPageTest.KIND;
import static dev.outpost.console.LookupPageTest.MATCHED;
import static dev.outpost.console.LookupPageTest.SOURCE;
import static dev.outpost.console.LookupPageTest.ZONE;
import static dev.outpost.console.LookupPageTest.lookUp;
import static dev.outpost.console.LookupPageTest.rowOf;
import static dev.outpost.console.LookupPageTest.tableRows;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Page;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.outpost.bundle.TestBundles;

/**
 * A security officer's day in the console, one page after another as issue 15 tells it: bring the
 * demo bundle's successor in and watch it activate, see why a tampered copy is refused, look up
 * EICAR and a Safe Browsing test URL and read why, then override a verdict locally, see the lookup
 * change, expire the override and see the vendor's answer again. Each page's own tests go deeper.
 */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class OperatorJourneyTest {
    private static final String OPERATOR = "test-operator-token-not-secret";
    private static final String SAFE_BROWSING_URL = "http://testsafebrowsing.appspot.com/s/malware.html";

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @TempDir
    Path dir;

    private static long activeSequence() {
        return given().get("/api/v1/dataset")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("active.sequence");
    }

    private static String uploadAndWait(Page page, Path bundle) {
        page.setInputFiles("#bundle-file", bundle);
        page.click("#upload-button");
        page.waitForFunction(
                "() => ['ACTIVATED', 'UNCHANGED', 'REJECTED', 'FAILED', 'INTERRUPTED']"
                        + ".includes(document.querySelector('#upload-state').dataset.state)",
                null,
                new Page.WaitForFunctionOptions().setTimeout(120_000));
        return page.getAttribute("#upload-state", "data-state");
    }

    @Test
    void anOperatorImportsLooksUpOverridesAndExpires() throws IOException {
        Page page = browser.page();
        signIn(page, OPERATOR);
        assertThat(page.textContent("h1")).isEqualTo("Overview");

        // The successor activates; the overview then shows its sequence.
        long next = activeSequence() + 1;
        open(page, "/console/imports");
        assertThat(uploadAndWait(page, ConsoleBundles.demoSuccessor(dir, next, 5)))
                .isEqualTo("ACTIVATED");
        assertThat(page.textContent("#result-headline")).contains("sequence " + next + " is active");
        open(page, "/console/");
        page.waitForSelector("#dataset[data-state=ready]");
        page.waitForSelector("#lookups-hours:not([data-state=loading])");
        screenshot(page, "docs-overview", 1000);
        assertThat(page.textContent("#dataset")).contains(String.valueOf(next));

        // A copy with one byte changed is refused, in words, with what to do.
        byte[] bundle = Files.readAllBytes(ConsoleBundles.demoSuccessor(dir, next + 1, 5));
        bundle[bundle.length - 20] ^= 0x01;
        Path tampered = Files.write(dir.resolve("tampered.bundle"), bundle);
        open(page, "/console/imports");
        assertThat(uploadAndWait(page, tampered)).isEqualTo("REJECTED");
        assertThat(page.textContent("#upload-result")).contains("What to do");
        assertThat(page.getAttribute("#upload-result details.reason", "data-reason"))
                .isEqualTo("part-hash-mismatch");
        screenshot(page, "docs-imports-rejected", 1000);
        assertThat(activeSequence()).isEqualTo(next);

        // EICAR and the Safe Browsing test URL, and why.
        open(page, "/console/lookup");
        lookUp(page, TestBundles.EICAR_SHA256 + "\n" + SAFE_BROWSING_URL);
        List<List<String>> rows = tableRows(page);
        List<String> eicar = rowOf(rows, TestBundles.EICAR_SHA256, "file");
        assertThat(eicar.get(ZONE)).isEqualTo("RED");
        assertThat(eicar.get(SOURCE)).isEqualTo("vendor dataset demo, sequence " + next);
        List<String> url = rowOf(rows, SAFE_BROWSING_URL, "url");
        assertThat(url.get(ZONE)).isEqualTo("RED");
        assertThat(url.get(MATCHED)).contains("testsafebrowsing.appspot.com/s/malware.html");
        screenshot(page, "docs-lookup", 800);

        // A local override on a subdomain of the demo's malware domain: its lookup turns GREEN.
        String domain = "journey-" + System.nanoTime() + ".malware.testing.google.test";
        open(page, "/console/lookup");
        lookUp(page, domain);
        assertThat(rowOf(tableRows(page), domain, "domain").get(ZONE)).isEqualTo("RED");
        open(page, "/console/local-verdicts");
        page.selectOption("#create-kind", "domain");
        page.fill("#create-value", domain);
        page.selectOption("#create-verdict", "TRUSTED");
        page.fill("#create-comment", "journey test: our own host");
        page.click("#create-form button[type=submit]");
        page.waitForFunction("() => document.getElementById('action-message').textContent.includes('Created verdict')");

        open(page, "/console/lookup");
        lookUp(page, domain);
        List<String> overridden = rowOf(tableRows(page), domain, "domain");
        assertThat(overridden.get(ZONE)).isEqualTo("GREEN");
        assertThat(overridden.get(SOURCE)).startsWith("local verdict #").endsWith("by test-operator");
        screenshot(page, "journey-lookup-local");
        open(page, "/console/local-verdicts?q=" + domain);
        screenshot(page, "docs-local-verdicts", 1000);

        // Expired, the override stops at once: the vendor's answer is back.
        open(page, "/console/local-verdicts?q=" + domain);
        String row = "#verdicts tr[data-subject=\"" + domain + "\"]";
        page.click(row + " button[data-action=expire]");
        page.waitForSelector(row + "[data-expired=true]");
        open(page, "/console/lookup");
        lookUp(page, domain);
        List<String> after = rowOf(tableRows(page), domain, "domain");
        assertThat(after.get(ZONE)).isEqualTo("RED");
        assertThat(after.get(SOURCE)).isEqualTo("vendor dataset demo, sequence " + next);
        assertThat(after.get(INPUT)).isEqualTo(domain);
        assertThat(after.get(KIND)).isEqualTo("domain");
    }
}
