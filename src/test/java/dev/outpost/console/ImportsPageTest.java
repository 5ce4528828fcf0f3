package dev.outpost.console;

import static dev.outpost.console.ConsoleBrowser.open;
import static dev.outpost.console.ConsoleBrowser.screenshot;
import static dev.outpost.console.ConsoleBrowser.signIn;
import static dev.outpost.console.ConsoleBrowser.waitReady;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Page;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.TestBundles;
import dev.outpost.bundle.importing.ImportState;
import dev.outpost.bundle.importing.ImportsApi;
import dev.outpost.publishing.DeltaWriter;
import dev.outpost.publishing.Signers;
import dev.outpost.reputation.Category;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.RootSection;

/**
 * The imports page in Chromium (issue 15): an upload followed through its real states to
 * ACTIVATED, a tampered bundle's and a wrong-base delta's reasons in plain words, the history's
 * filters and paging, a lookup token refused, the narrow layout, and a reason table that covers
 * every reason code the server can record.
 */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class ImportsPageTest {
    static final String OPERATOR = "test-operator-token-not-secret";
    static final String LOOKUP = "test-lookup-token-not-secret";
    /** The order in which the page may show states: its own SENDING, then the import's. */
    static final List<String> ORDER =
            List.of("SENDING", "QUEUED", "COPYING", "RECEIVED", "VERIFIED", "STAGED", "BUILT", "ACTIVATED");

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @TempDir
    Path dir;

    /** The active sequence now: other console tests share the application and activate sequences too. */
    private static long activeSequence() {
        return given().header("Authorization", "Bearer " + OPERATOR)
                .get("/api/v1/dataset")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("active.sequence");
    }

    private Path successor(long sequence, int extra) throws IOException {
        return ConsoleBundles.demoSuccessor(dir, sequence, extra);
    }

    /**
     * A signed successor with one letter of a threat name flipped: the names part no longer has the
     * digest the signed manifest gives, and nothing else is wrong.
     */
    private Path tampered(long sequence) throws IOException {
        byte[] bundle = Files.readAllBytes(successor(sequence, 10));
        ByteBuffer header = ByteBuffer.wrap(bundle);
        long partsOffset = BundleFormat.HEADER_BYTES + (long) header.getInt(12) + header.getInt(16) + header.getInt(20);
        int at = indexOf(bundle, "EICAR-Test-File".getBytes(StandardCharsets.US_ASCII), (int) partsOffset);
        assertThat(at).as("EICAR's threat name in the names part").isPositive();
        bundle[at] ^= 0x20;
        return Files.write(dir.resolve("tampered-" + sequence + ".bundle"), bundle);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A valid, signed delta of the demo dataset from {@code base} to {@code sequence}. */
    private Path delta(long base, long sequence) throws IOException {
        KeyPair release = new KeyPair(
                KeyFiles.readPublic(Path.of("offline-bundles/keys/demo-release.pub.pem")),
                KeyFiles.readPrivate(Path.of("offline-bundles/keys/demo-release.key.pem")));
        DeltaWriter writer = new DeltaWriter();
        writer.addBase(TestBundles.eicar());
        writer.addTarget(TestBundles.eicar());
        writer.addTarget(TestBundles.file(1, Category.MALWARE));
        Path file = dir.resolve("demo-delta-" + base + "-" + sequence + ".bundle");
        writer.write(
                file,
                "demo",
                base,
                sequence,
                TestBundles.CREATED,
                TestBundles.EXPIRES,
                Signers.of(
                        List.of(release),
                        List.of(RootSection.readFile(Path.of("offline-bundles/demo-root-1.signed")))));
        return file;
    }

    private static Page importsPage(int width, int height) {
        Page page = width == 0 ? browser.page() : browser.page(width, height);
        signIn(page, OPERATOR);
        open(page, "/console/imports");
        return page;
    }

    /** Records every state the page shows from now on, as the operator would have seen it. */
    private static void recordStates(Page page) {
        page.evaluate("() => { window.seenStates = []; const badge = document.querySelector('#upload-state');"
                + " new MutationObserver(() => { const s = badge.dataset.state; const seen = window.seenStates;"
                + " if (s && seen[seen.length - 1] !== s) seen.push(s); })"
                + ".observe(badge, { attributes: true, childList: true, subtree: true }); }");
    }

    /** Uploads through the file input and waits until the page shows a final state; returns it. */
    private static String upload(Page page, Path file) {
        page.setInputFiles("#bundle-file", file);
        return startAndWait(page, file);
    }

    /** Drops the file on the drop zone as a desktop's file manager would, then uploads it. */
    private static String dropAndUpload(Page page, Path file) throws IOException {
        JSHandle transfer = page.evaluateHandle(
                "([name, data]) => { const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));"
                        + " const transfer = new DataTransfer();"
                        + " transfer.items.add(new File([bytes], name, { type: 'application/octet-stream' }));"
                        + " return transfer; }",
                List.of(file.getFileName().toString(), Base64.getEncoder().encodeToString(Files.readAllBytes(file))));
        page.dispatchEvent("#drop-zone", "dragover", Map.of("dataTransfer", transfer));
        page.dispatchEvent("#drop-zone", "drop", Map.of("dataTransfer", transfer));
        return startAndWait(page, file);
    }

    private static String startAndWait(Page page, Path file) {
        assertThat(page.textContent("#chosen")).contains(file.getFileName().toString());
        page.click("#upload-button");
        page.waitForFunction(
                "() => ['ACTIVATED', 'UNCHANGED', 'REJECTED', 'FAILED', 'INTERRUPTED']"
                        + ".includes(document.querySelector('#upload-state').dataset.state)",
                null,
                new Page.WaitForFunctionOptions().setTimeout(120_000));
        return page.getAttribute("#upload-state", "data-state");
    }

    private static JsonPath importView(String id) {
        return given().header("Authorization", "Bearer " + OPERATOR)
                .get("/api/v1/imports/{id}", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String uploadedId(Page page) {
        return page.getAttribute("#upload-status", "data-import-id");
    }

    @Test
    void anUploadedSuccessorIsFollowedThroughItsStatesToActivated() throws IOException {
        long sequence = activeSequence() + 1;
        // Enough records that the import takes a moment, so the page has states to show between.
        Path bundle = successor(sequence, 60_000);
        Page page = importsPage(0, 0);
        recordStates(page);

        String state = upload(page, bundle);

        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) page.evaluate("() => window.seenStates");
        assertThat(state).as("states shown: %s", seen).isEqualTo("ACTIVATED");
        assertThat(seen).as("states shown").startsWith("SENDING", "QUEUED").endsWith("ACTIVATED");
        assertThat(seen)
                .as("states shown, in the import's order")
                .isSortedAccordingTo((a, b) -> Integer.compare(ORDER.indexOf(a), ORDER.indexOf(b)));
        assertThat(ORDER).containsAll(seen);
        @SuppressWarnings("unchecked")
        List<Number> bar = (List<Number>) page.evaluate(
                "() => { const p = document.querySelector('#import-progress'); return [p.value, p.max]; }");
        assertThat(bar.get(1).doubleValue())
                .as("the bar's max: the bundle's bytes")
                .isGreaterThan(1000);
        assertThat(bar.get(0).doubleValue())
                .as("the bar at its max")
                .isEqualTo(bar.get(1).doubleValue());
        assertThat(page.textContent("#import-words")).contains("100%").contains("records written");
        assertThat(page.locator("#import-steps li.step-done").count()).isEqualTo(ORDER.size() - 2);
        assertThat(page.textContent("#result-headline"))
                .contains("Dataset demo sequence " + sequence + " is active")
                .contains("it was " + (sequence - 1));
        assertThat(activeSequence()).isEqualTo(sequence);

        String id = uploadedId(page);
        assertThat(importView(id).getString("state")).isEqualTo("ACTIVATED");
        page.waitForSelector("#history-rows tr[data-id='" + id + "'][data-outcome=ACTIVATED]");
        assertThat(page.getAttribute("#history-rows tr:first-child", "data-id")).isEqualTo(id);
        screenshot(page, "imports-activated");
    }

    @Test
    void aTamperedBundlesReasonIsInPlainWordsWithWhatToDo() throws IOException {
        long active = activeSequence();
        Page page = importsPage(0, 0);

        // Dropped on the page rather than chosen: the drop fills the same file input.
        assertThat(dropAndUpload(page, tampered(active + 1))).isEqualTo("REJECTED");

        String id = uploadedId(page);
        assertThat(importView(id).getString("reason")).isEqualTo("part-hash-mismatch");
        String reason = "#upload-result details.reason[data-reason=part-hash-mismatch]";
        assertThat(page.textContent(reason + " summary"))
                .contains("contents differ from what the publisher signed")
                .contains("tampered with");
        assertThat(page.textContent(reason + " .advice"))
                .contains("What to do")
                .contains("Copy the bundle again")
                .contains("SHA-256");
        assertThat(page.textContent(reason)).contains("part 'names'");
        assertThat(page.textContent("#result-headline")).contains("was not imported");
        assertThat(page.textContent("#upload-state-words")).contains("live data is untouched");
        assertThat(page.getAttribute("#import-steps li[aria-current=step]", "data-step"))
                .isEqualTo("REJECTED");
        assertThat(activeSequence()).isEqualTo(active);
        page.waitForSelector("#history-rows tr[data-id='" + id + "'][data-outcome=REJECTED]");
        screenshot(page, "imports-rejected");

        // The history (and the overview) link to one import: the page shows it with its reason.
        page.click("#history-rows tr[data-id='" + id + "'] a.file");
        page.waitForURL("**/console/imports?id=" + id);
        waitReady(page);
        screenshot(page, "imports-one");
        assertThat(page.getAttribute("#upload-status", "data-import-id")).isEqualTo(id);
        assertThat(page.textContent("#result-headline")).contains("was not imported");
        assertThat(page.textContent("#upload-result details.reason[data-reason=part-hash-mismatch] summary"))
                .contains("tampered with");
    }

    @Test
    void aDeltaForAnotherBaseNamesTheBundlesItNeeds() throws Exception {
        long active = activeSequence();
        Page page = importsPage(0, 0);

        assertThat(upload(page, delta(active + 4, active + 5))).isEqualTo("REJECTED");

        String needed = page.textContent("#upload-result details.reason[data-reason=wrong-base] .needed");
        assertThat(needed)
                .contains("the bundles of dataset demo for sequences " + (active + 1) + " to " + (active + 4))
                .contains("then upload this delta again")
                .contains("a full bundle of sequence " + (active + 5) + " or later");
        assertThat(page.textContent("#upload-result details.reason summary")).contains("delta bundle");
        assertThat(activeSequence()).isEqualTo(active);

        // A delta whose base is older than the active sequence needs a delta from the active one.
        if (active < 2) {
            uploadByApi(successor(active + 1, 1));
            active = activeSequence();
        }
        assertThat(upload(page, delta(active - 1, active + 1))).isEqualTo("REJECTED");
        assertThat(page.textContent("#upload-result .needed"))
                .contains("Sequence " + active + " is already active")
                .contains("a delta of dataset demo based on sequence " + active)
                .contains("a full bundle of sequence " + (active + 1) + " or later");
    }

    @Test
    void theHistoryIsFilteredAndPagedByTheAppliance() throws Exception {
        long sequence = activeSequence() + 1;
        String activated = uploadByApi(successor(sequence, 5));
        String rejected = uploadByApi(tampered(sequence + 1));
        assertThat(importView(activated).getString("state")).isEqualTo("ACTIVATED");
        assertThat(importView(rejected).getString("state")).isEqualTo("REJECTED");
        Page page = importsPage(0, 0);

        assertThat(rowIds(page)).as("newest first").startsWith(rejected, activated);
        assertThat(page.textContent("#history-rows tr[data-id='" + rejected + "'] details.reason summary"))
                .contains("differ from what the publisher signed");

        page.selectOption("#filter-outcome", "REJECTED");
        waitForHistory(page, Map.of("outcome", "REJECTED", "origin", ""));
        assertThat(outcomes(page)).containsOnly("REJECTED");
        assertThat(rowIds(page)).contains(rejected).doesNotContain(activated);
        assertThat(page.textContent("#history-summary")).contains("rejected");
        assertThat(page.url()).contains("outcome=REJECTED");

        page.selectOption("#filter-outcome", "ACTIVATED");
        page.selectOption("#filter-origin", "upload");
        waitForHistory(page, Map.of("outcome", "ACTIVATED", "origin", "upload"));
        assertThat(outcomes(page)).containsOnly("ACTIVATED");
        assertThat(rowIds(page)).startsWith(activated).doesNotContain(rejected);

        page.selectOption("#filter-outcome", "");
        page.selectOption("#filter-origin", "demo");
        waitForHistory(page, Map.of("outcome", "", "origin", "demo"));
        assertThat(page.locator("#history-rows tr td:nth-child(3)").allTextContents())
                .isNotEmpty()
                .containsOnly("demo bundle");

        page.selectOption("#filter-outcome", "FAILED");
        waitForHistory(page, Map.of("outcome", "FAILED", "origin", "demo"));
        assertThat(page.textContent("#history-rows")).contains("No imports match these filters");

        // Paging, one import a page: the address keeps the filters and the page size.
        open(page, "/console/imports?size=1&origin=upload");
        waitForHistory(page, Map.of("size", "1", "origin", "upload", "page", "0"));
        assertThat(rowIds(page)).containsExactly(rejected);
        assertThat(page.isDisabled("#page-previous")).isTrue();
        page.click("#page-next");
        waitForHistory(page, Map.of("size", "1", "origin", "upload", "page", "1"));
        assertThat(rowIds(page)).containsExactly(activated);
        assertThat(page.textContent("#page-words")).startsWith("2–2 of");
        assertThat(page.url()).contains("page=1");
        page.click("#page-previous");
        waitForHistory(page, Map.of("page", "0"));
        assertThat(rowIds(page)).containsExactly(rejected);
        assertThat(page.isDisabled("#page-previous")).isTrue();
    }

    private String uploadByApi(Path bundle) throws Exception {
        String id = given().header("Authorization", "Bearer " + OPERATOR)
                .contentType("application/octet-stream")
                .queryParam("name", bundle.getFileName().toString())
                .body(Files.readAllBytes(bundle))
                .post("/api/v1/imports")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        ImportsApi.follow(id, Duration.ofSeconds(60));
        return id;
    }

    private static void waitForRows(Page page) {
        page.waitForFunction("() => document.querySelector('#history-rows').children.length > 0");
    }

    /** Waits until the table shows the appliance's answer to these query parameters ("" for none). */
    private static void waitForHistory(Page page, Map<String, String> expected) {
        page.waitForFunction(
                "expected => { const q = new URLSearchParams(document.querySelector('#history-table').dataset.query"
                        + " || ''); return Object.entries(expected).every(([k, v]) => (q.get(k) || '') === v); }",
                expected);
    }

    private static List<String> rowIds(Page page) {
        waitForRows(page);
        List<String> ids = new ArrayList<>();
        for (var row : page.locator("#history-rows tr[data-id]").all()) {
            ids.add(row.getAttribute("data-id"));
        }
        return ids;
    }

    private static List<String> outcomes(Page page) {
        return page.locator("#history-rows tr[data-id] .outcome").allTextContents();
    }

    @Test
    void aLookupTokenCannotUploadAndThePageSaysSo() throws IOException {
        Page page = browser.page();
        signIn(page, LOOKUP);
        open(page, "/console/imports");
        assertThat(page.textContent("#not-for-role"))
                .contains("for the operator role")
                .contains("lookup role");
        assertThat(page.isVisible("#bundle-file")).isFalse();

        // Should the page still try (its token swapped for a lookup token behind its back), the
        // appliance refuses before reading the body, and the page says why in words.
        browser.allowConsoleError("status of 403");
        long active = activeSequence();
        Page operator = importsPage(0, 0);
        operator.evaluate(
                "token => { const s = JSON.parse(sessionStorage.getItem('outpost.console.session'));"
                        + " s.token = token; sessionStorage.setItem('outpost.console.session', JSON.stringify(s)); }",
                LOOKUP);
        operator.setInputFiles("#bundle-file", successor(active + 1, 1));
        operator.click("#upload-button");
        operator.waitForSelector("#upload-error:not([hidden])");
        assertThat(operator.textContent("#upload-error"))
                .contains("may not upload bundles")
                .contains("operator or admin role");
        assertThat(operator.isVisible("#upload-status")).isFalse();
        assertThat(operator.isEnabled("#upload-button")).isTrue();
        assertThat(activeSequence()).isEqualTo(active);
    }

    @Test
    void refusalsBeforeTheImportAreWordedForTheOperator() {
        Page page = importsPage(0, 0);
        @SuppressWarnings("unchecked")
        Map<String, String> words = (Map<String, String>)
                page.evaluate("async () => { const m = await import('/console/assets/pages/imports.js'); return {"
                        + " tooLarge: m.refusalText(413, { detail: 'above 16 bytes' }),"
                        + " busy: m.refusalText(503, { type: 'urn:outpost:problem:imports-busy' }, '30'),"
                        + " space: m.refusalText(507, { detail: 'staging needs 300 MiB' }),"
                        + " broken: m.refusalText(0, null) }; }");
        assertThat(words.get("tooLarge")).contains("too large").contains("outpost.imports.max-upload-bytes");
        assertThat(words.get("busy")).contains("busy").contains("Try again in 30 seconds");
        assertThat(words.get("space")).contains("free disk space").contains("staging needs 300 MiB");
        assertThat(words.get("broken")).contains("broke off");
    }

    @Test
    void theNarrowLayoutHasNoPageWideHorizontalScroll() throws IOException {
        long active = activeSequence();
        Page page = importsPage(390, 844);

        // The longest thing the page shows: a wrong-base reason with the appliance's detail.
        assertThat(upload(page, delta(active + 2, active + 3))).isEqualTo("REJECTED");
        page.waitForSelector("#history-rows tr[data-id]");

        assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no page-wide horizontal scroll at 390 px")
                .isEqualTo(true);
        assertThat(page.isVisible("#upload-result .needed")).isTrue();
        screenshot(page, "imports-narrow");
    }

    /**
     * Every reason code the server can record has plain words and advice in the console, and the
     * console has none the server cannot produce. The codes are read from the main sources: the first
     * argument of each rejection or local failure, the reason StrictJson is given, and each reason the
     * import service writes itself ("interrupted-" + a state is expanded over the states).
     */
    @Test
    void theReasonTableCoversEveryReasonTheServerCanRecord() throws IOException {
        Set<String> server = serverReasonCodes();
        assertThat(server)
                .as("the scan finds the codes it should")
                .contains("bad-signature", "wrong-base", "part-hash-mismatch", "no-space", "interrupted-queued");
        Page page = browser.page();
        page.navigate("/console/sign-in");
        waitReady(page);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, String>> table = (Map<String, Map<String, String>>)
                page.evaluate("async () => (await import('/console/assets/import-reasons.js')).REASONS");

        assertThat(new TreeSet<>(table.keySet())).isEqualTo(server);
        table.forEach((code, entry) -> {
            assertThat(entry.get("words")).as(code).isNotBlank();
            assertThat(entry.get("advice")).as(code).isNotBlank();
        });
    }

    private static final Pattern REASON_SITE = Pattern.compile("(?<![\\w.])(?:new\\s+(?:RejectedException"
            + "|(?:ImportOutcome\\.)?Rejected|(?:ImportOutcome\\.)?LocalFailure)|reject|rejected)\\(");
    private static final Pattern STRICT_JSON =
            Pattern.compile("StrictJson\\.read\\([^;]*?,\\s*\"([a-z0-9-]+)\"\\s*\\)");
    private static final Pattern ASSIGNED = Pattern.compile("\\.reason\\s*=\\s*\"([a-z0-9-]+)\"\\s*(\\+)?");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");

    static Set<String> serverReasonCodes() throws IOException {
        Set<String> codes = new TreeSet<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            Matcher site = REASON_SITE.matcher(text);
            while (site.find()) {
                Matcher literal = LITERAL.matcher(firstArgument(text, site.end()));
                while (literal.find()) {
                    if (CODE.matcher(literal.group(1)).matches()) {
                        codes.add(literal.group(1));
                    }
                }
            }
            Matcher json = STRICT_JSON.matcher(text);
            while (json.find()) {
                codes.add(json.group(1));
            }
            Matcher assigned = ASSIGNED.matcher(text);
            while (assigned.find()) {
                if (assigned.group(2) == null) {
                    codes.add(assigned.group(1));
                } else {
                    // "interrupted-" + the last journal state reached, or "copying" before the first.
                    codes.add(assigned.group(1) + "copying");
                    for (ImportState state : ImportState.values()) {
                        codes.add(assigned.group(1) + state.label());
                    }
                }
            }
        }
        return codes;
    }

    /** The source of the argument that starts at {@code from}, up to its top-level ',' or ')'. */
    private static String firstArgument(String text, int from) {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = text.indexOf('"', i + 1);
                while (text.charAt(i - 1) == '\\') {
                    i = text.indexOf('"', i + 1);
                }
            } else if (c == '(') {
                depth++;
            } else if ((c == ',' || c == ')') && depth == 0) {
                return text.substring(from, i);
            } else if (c == ')') {
                depth--;
            }
        }
        return text.substring(from);
    }
}
