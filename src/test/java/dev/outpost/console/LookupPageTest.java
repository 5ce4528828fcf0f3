package dev.outpost.console;

import static dev.outpost.console.ConsoleBrowser.open;
import static dev.outpost.console.ConsoleBrowser.screenshot;
import static dev.outpost.console.ConsoleBrowser.signIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.outpost.bundle.TestBundles;

/**
 * The lookup page in Chromium (issue 15): mixed pasted items answered in order with their zone and
 * why, the table exported as CSV, the 10,000-item limit kept before anything is sent.
 */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class LookupPageTest {
    static final String OPERATOR = "test-operator-token-not-secret";
    static final String LOOKUP = "test-lookup-token-not-secret";

    /** The table's columns, in order (lookup.js COLUMNS). */
    static final int LINE = 0;

    static final int INPUT = 1;
    static final int KIND = 2;
    static final int ZONE = 3;
    static final int VERDICT = 4;
    static final int THREAT = 5;
    static final int SOURCE = 6;
    static final int MATCHED = 7;
    static final int LOOKED_UP_AS = 8;
    static final int SEEN = 9;
    /** A row that was not looked up has four cells: line, input, kind, and why. */
    static final int PROBLEM = 3;

    /** The CSV's columns beyond the table's. */
    static final int CSV_FIRST_SEEN = 9;

    static final int CSV_LAST_SEEN = 10;
    static final int CSV_POPULARITY = 11;
    static final int CSV_PROBLEM = 12;

    /** Another test may have activated a later sequence of the demo dataset. */
    static final String DEMO_SOURCE = "vendor dataset demo, sequence \\d+";

    static final String URL = "http://testsafebrowsing.appspot.com/s/malware.html";
    static final String PREFIX_URL = "malware.testing.google.test/testing/malware/";
    static final String UNKNOWN_HASH = "0123456789abcdef0123456789abcdef";
    static final String BAD_LINE = "not a lookup item";
    static final String FORMULA = "=1+2";
    /** ISRG Root X1's SHA-256 thumbprint: a trusted certificate in the demo dataset. */
    static final String ISRG_ROOT_X1 = "96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6";

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    /** Every row of the results table, each cell's text ('—' for an empty cell). */
    @SuppressWarnings("unchecked")
    static List<List<String>> tableRows(Page page) {
        return (List<List<String>>) page.evaluate("() => [...document.querySelectorAll('#lookup-table tbody tr')]"
                + ".map(tr => [...tr.cells].map(td => td.textContent))");
    }

    static List<String> rowOf(List<List<String>> rows, String input, String kind) {
        return rows.stream()
                .filter(r -> r.get(INPUT).equals(input) && r.get(KIND).equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " row for " + input + " in " + rows));
    }

    /**
     * Puts {@code text} into the input as a paste does: at once, one input event. (Playwright's fill
     * types it in as text insertion, which takes Chromium minutes for 10,000 lines.)
     */
    static void paste(Page page, String text) {
        page.evaluate(
                "text => { const input = document.querySelector('#lookup-input'); input.value = text;"
                        + " input.dispatchEvent(new Event('input', { bubbles: true })); }",
                text);
    }

    static void lookUp(Page page, String text) {
        paste(page, text);
        page.click("#lookup-submit");
        page.waitForSelector(
                "#lookup-results[data-state=done], #lookup-results[data-state=failed]",
                new Page.WaitForSelectorOptions().setTimeout(180_000));
    }

    /** A local verdict set through the API by the test operator, on a domain no other test uses. */
    static long localVerdict(String domain) {
        String body = given().header("Authorization", "Bearer " + OPERATOR)
                .contentType("application/json")
                .body("{\"kind\":\"domain\",\"value\":\"" + domain
                        + "\",\"verdict\":\"SUSPICIOUS\",\"threatName\":\"Console.Lookup.Local\"}")
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .extract()
                .asString();
        return JsonPath.from(body).getLong("id");
    }

    @ParameterizedTest
    @ValueSource(strings = {LOOKUP, OPERATOR})
    void mixedItemsAreAnsweredInOrderWithWhyAndExportedAsTheTableShowsThem(String token) throws IOException {
        String local = "lookup-page-" + System.nanoTime() + ".example";
        long localId = localVerdict(local);
        Page page = browser.page();
        signIn(page, token);
        open(page, "/console/lookup");
        assertThat(page.textContent("#lookup-empty")).contains("No lookup yet");
        String text = String.join(
                "\n",
                "# EICAR, by MD5 and by SHA-256",
                TestBundles.EICAR_MD5,
                TestBundles.EICAR_SHA256,
                "",
                URL,
                PREFIX_URL,
                "198.51.100.7",
                "testsafebrowsing.appspot.com",
                local,
                UNKNOWN_HASH,
                BAD_LINE,
                FORMULA,
                "http://example.test/a,\"b\"");
        lookUp(page, text);

        List<List<String>> rows = tableRows(page);
        assertThat(rows)
                .extracting(r -> r.get(INPUT))
                .containsExactly(
                        TestBundles.EICAR_MD5,
                        TestBundles.EICAR_SHA256,
                        URL,
                        PREFIX_URL,
                        "198.51.100.7",
                        "testsafebrowsing.appspot.com",
                        local,
                        UNKNOWN_HASH,
                        BAD_LINE,
                        FORMULA,
                        "http://example.test/a,\"b\"");
        assertThat(rows)
                .extracting(r -> r.get(LINE))
                .containsExactly("2", "3", "5", "6", "7", "8", "9", "10", "11", "12", "13");

        for (String eicar : List.of(TestBundles.EICAR_MD5, TestBundles.EICAR_SHA256)) {
            List<String> row = rowOf(rows, eicar, "file");
            assertThat(row.get(ZONE)).isEqualTo("RED");
            assertThat(row.get(VERDICT)).isEqualTo("MALWARE");
            assertThat(row.get(THREAT)).isEqualTo("EICAR-Test-File");
            assertThat(row.get(SOURCE)).matches(DEMO_SOURCE);
            assertThat(row.get(LOOKED_UP_AS)).contains("sha256 " + TestBundles.EICAR_SHA256);
            assertThat(row.get(SEEN)).isEqualTo("2006-05-05 – 2026-11-20");
        }
        assertThat(page.locator("#lookup-table tbody tr.zone-row-red").count()).isGreaterThanOrEqualTo(5);

        List<String> url = rowOf(rows, URL, "url");
        assertThat(url.get(ZONE)).isEqualTo("RED");
        assertThat(url.get(THREAT)).isEqualTo("Test.Malware.Page");
        assertThat(url.get(LOOKED_UP_AS)).isEqualTo(URL);
        assertThat(url.get(MATCHED)).isEqualTo("url: testsafebrowsing.appspot.com/s/malware.html");
        assertThat(url.get(SOURCE)).matches(DEMO_SOURCE);

        // Without a scheme, canonicalized to http; the listed path prefix decides over the listed domain.
        List<String> prefix = rowOf(rows, PREFIX_URL, "url");
        assertThat(prefix.get(ZONE)).isEqualTo("RED");
        assertThat(prefix.get(LOOKED_UP_AS)).isEqualTo("http://" + PREFIX_URL);
        assertThat(prefix.get(MATCHED)).isEqualTo("url: " + PREFIX_URL);
        assertThat(prefix.get(THREAT)).isEqualTo("Test.Malware.Prefix");

        List<String> ip = rowOf(rows, "198.51.100.7", "ip");
        assertThat(ip.get(ZONE)).isEqualTo("RED");
        assertThat(ip.get(MATCHED)).isEqualTo("ip: 198.51.100.7/32");
        assertThat(ip.get(LOOKED_UP_AS)).isEqualTo("198.51.100.7");

        List<String> domain = rowOf(rows, "testsafebrowsing.appspot.com", "domain");
        assertThat(domain.get(ZONE)).isEqualTo("GREEN");
        assertThat(domain.get(VERDICT)).isEqualTo("CLEAN");
        assertThat(domain.get(MATCHED)).isEqualTo("domain: testsafebrowsing.appspot.com");
        assertThat(domain.get(LOOKED_UP_AS)).isEqualTo("testsafebrowsing.appspot.com");

        List<String> mine = rowOf(rows, local, "domain");
        assertThat(mine.get(ZONE)).isEqualTo("YELLOW");
        assertThat(mine.get(THREAT)).isEqualTo("Console.Lookup.Local");
        assertThat(mine.get(SOURCE)).isEqualTo("local verdict #" + localId + " by test-operator");
        assertThat(mine.get(MATCHED)).isEqualTo("domain: " + local);

        List<String> unknown = rowOf(rows, UNKNOWN_HASH, "file");
        assertThat(unknown.get(ZONE)).isEqualTo("GREY");
        assertThat(unknown.get(VERDICT)).isEqualTo("UNKNOWN");
        assertThat(unknown.get(THREAT)).isEqualTo("—");
        assertThat(unknown.get(SEEN)).isEqualTo("—");

        List<String> bad = rowOf(rows, BAD_LINE, "domain");
        assertThat(bad).hasSize(4);
        assertThat(bad.get(PROBLEM)).startsWith("Not a valid domain: ").contains("space");
        assertThat(page.locator("#lookup-table tbody tr.lookup-row-error").count())
                .isGreaterThanOrEqualTo(1);

        assertThat(page.textContent("#lookup-summary"))
                .startsWith("11 answers in ")
                .contains("RED")
                .contains("1 YELLOW")
                .contains("2 blank or comment lines skipped");

        if (token.equals(LOOKUP)) {
            screenshot(page, "lookup");
        }

        List<List<String>> csv = exportCsv(page);
        assertThat(csv.get(0))
                .containsExactly(
                        "Line",
                        "Input",
                        "Kind",
                        "Zone",
                        "Verdict",
                        "Threat name",
                        "Source",
                        "Matched",
                        "Looked up as",
                        "First seen",
                        "Last seen",
                        "Popularity",
                        "Problem");
        assertThat(csv).hasSize(rows.size() + 1);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(asShown(csv.get(i + 1))).as("CSV row %d", i + 1).isEqualTo(rows.get(i));
        }
        // What a spreadsheet would run as a formula is exported as text, behind a quote.
        assertThat(csv).flatExtracting(r -> r).noneMatch(v -> v.matches("^[=+\\-@].*"));
        List<String> formula = csv.stream()
                .filter(r -> r.get(INPUT).equals("'" + FORMULA))
                .findFirst()
                .orElseThrow();
        assertThat(formula.get(KIND)).isEqualTo("domain");
        List<String> md5 = csv.stream()
                .filter(r -> r.get(INPUT).equals(TestBundles.EICAR_MD5))
                .findFirst()
                .orElseThrow();
        assertThat(md5.get(CSV_POPULARITY)).isEqualTo("1500000");
    }

    /**
     * A CSV row as the table shows it: the formula guard taken off, '—' for an empty cell, the dates
     * in one cell, no popularity; a row that was not looked up as its line, input, kind and problem.
     */
    static List<String> asShown(List<String> exported) {
        List<String> csv = exported.stream()
                .map(v -> v.matches("^'[=+\\-@].*") ? v.substring(1) : v)
                .collect(Collectors.toList());
        if (!csv.get(CSV_PROBLEM).isEmpty()) {
            return List.of(csv.get(LINE), csv.get(INPUT), csv.get(KIND), csv.get(CSV_PROBLEM));
        }
        List<String> shown = new ArrayList<>();
        for (String value : csv.subList(0, CSV_FIRST_SEEN)) {
            shown.add(value.isEmpty() ? "—" : value);
        }
        String first = csv.get(CSV_FIRST_SEEN);
        String last = csv.get(CSV_LAST_SEEN);
        shown.add(
                first.isEmpty() && last.isEmpty()
                        ? "—"
                        : (first.isEmpty() ? "—" : first) + " – " + (last.isEmpty() ? "—" : last));
        return shown;
    }

    static List<List<String>> exportCsv(Page page) throws IOException {
        Download download = page.waitForDownload(() -> page.click("#lookup-export"));
        assertThat(download.suggestedFilename()).matches("outpost-lookup-\\d{8}-\\d{6}\\.csv");
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        assertThat(csv).endsWith("\r\n");
        return parseCsv(csv);
    }

    /** RFC 4180: fields separated by commas, records by CRLF, quoted fields with doubled quotes. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                assertThat(field).as("a quote starts a field").isEmpty();
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(quoted).as("every quoted field is closed").isFalse();
        assertThat(record).isEmpty();
        return records;
    }

    @Test
    void sha256ValuesAreAlsoLookedUpAsCertificatesOnRequestAndTheZoneFilterNarrowsTheExport() throws IOException {
        Page page = browser.page();
        signIn(page, LOOKUP);
        // By keyboard alone: the checkbox, then the button; the focus lands on the answers' summary.
        paste(page, ISRG_ROOT_X1 + "\n" + TestBundles.EICAR_MD5);
        page.focus("#lookup-input");
        page.keyboard().press("Tab");
        page.keyboard().press("Space");
        assertThat(page.isChecked("#lookup-certificates")).isTrue();
        page.keyboard().press("Tab");
        page.keyboard().press("Enter");
        page.waitForSelector("#lookup-results[data-state=done]");
        assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("lookup-summary");

        List<List<String>> rows = tableRows(page);
        assertThat(rows).extracting(r -> r.get(KIND)).containsExactly("file", "certificate", "file");
        List<String> certificate = rowOf(rows, ISRG_ROOT_X1, "certificate");
        assertThat(certificate.get(ZONE)).isEqualTo("GREEN");
        assertThat(certificate.get(VERDICT)).isEqualTo("TRUSTED");
        assertThat(certificate.get(SOURCE)).matches(DEMO_SOURCE);
        assertThat(rowOf(rows, ISRG_ROOT_X1, "file").get(ZONE)).isEqualTo("GREY");

        page.selectOption("#lookup-filter", "GREEN");
        assertThat(tableRows(page)).extracting(r -> r.get(KIND)).containsExactly("certificate");
        assertThat(page.textContent("#lookup-shown")).isEqualTo("Row 1 of 1 (filtered from 3).");
        List<List<String>> csv = exportCsv(page);
        assertThat(csv).hasSize(2);
        assertThat(csv.get(1).get(KIND)).isEqualTo("certificate");
    }

    @Test
    void moreThan10000LinesAreRefusedBeforeAnythingIsSent() {
        Page page = browser.page();
        signIn(page, OPERATOR);
        open(page, "/console/lookup");
        List<String> posts = new CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if (request.url().contains("/api/v1/")) {
                posts.add(request.method() + " " + request.url());
            }
        });
        String text = IntStream.range(0, 10_001)
                .mapToObj(i -> "host-" + i + ".example")
                .collect(Collectors.joining("\n", "# comments do not count\n\n", "\n"));
        paste(page, text);
        assertThat(page.textContent("#lookup-count")).startsWith("10,001 items");
        page.click("#lookup-submit");
        page.waitForSelector("#lookup-refusal:not([hidden])");
        assertThat(page.textContent("#lookup-refusal"))
                .contains("10,001 items pasted")
                .contains("at most 10,000")
                .contains("Nothing was sent");
        assertThat(page.getAttribute("#lookup-results", "data-state")).isEqualTo("empty");
        assertThat(posts).isEmpty();
    }

    @Test
    void aRefusedRequestIsShownWithTheAppliancesReasonAndTheOtherKindsAreStillAnswered() {
        browser.allowConsoleError("status of 413");
        Page page = browser.page();
        signIn(page, LOOKUP);
        // 1,400 URLs of 16,000 characters: each one valid, together over the 20 MiB a request may hold.
        page.evaluate("() => { const input = document.querySelector('#lookup-input');"
                + " const long = 'a'.repeat(16000);"
                + " const lines = Array.from({ length: 1400 }, (_, i) => `http://big.example/${i}/${long}`);"
                + " input.value = ['" + TestBundles.EICAR_MD5 + "', ...lines].join('\\n');"
                + " input.dispatchEvent(new Event('input')); }");
        page.click("#lookup-submit");
        page.waitForSelector(
                "#lookup-results[data-state=failed]", new Page.WaitForSelectorOptions().setTimeout(120_000));
        assertThat(page.textContent(".lookup-failure"))
                .contains("refused the URL lookup (1,400 items)")
                .contains("request body is larger than");
        List<List<String>> rows = tableRows(page);
        assertThat(rows).as("the first page").hasSize(500);
        assertThat(rowOf(rows, TestBundles.EICAR_MD5, "file").get(ZONE)).isEqualTo("RED");
        assertThat(rows.get(1).get(PROBLEM)).startsWith("Not looked up: request body is larger than");
        assertThat(page.textContent("#lookup-summary"))
                .startsWith("1,401 answers")
                .contains("1 RED")
                .contains("1,400 not looked up");
        assertThat(page.isEnabled("#lookup-submit")).isTrue();
    }

    @Test
    void tenThousandMixedLinesAreAnswered() throws IOException {
        Page page = browser.page();
        signIn(page, LOOKUP);
        List<String> lines = new ArrayList<>();
        lines.add(TestBundles.EICAR_MD5);
        for (int i = 1; i < 9_999; i++) {
            lines.add(
                    switch (i % 4) {
                        case 0 -> String.format(Locale.ROOT, "%032x", i);
                        case 1 -> "http://host-" + i + ".example/path/" + i;
                        case 2 -> "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
                        default -> "d-" + i + ".example";
                    });
        }
        lines.add("198.51.100.7");
        paste(page, String.join("\n", lines));
        long began = System.nanoTime();
        page.click("#lookup-submit");
        page.waitForSelector(
                "#lookup-results[data-state=done], #lookup-results[data-state=failed]",
                new Page.WaitForSelectorOptions().setTimeout(180_000));
        long millis = (System.nanoTime() - began) / 1_000_000;
        Object requests = page.evaluate("() => performance.getEntriesByType('resource')"
                + ".filter(e => e.name.endsWith('/lookup')).map(e => e.name.replace(/.*\\/api\\/v1\\//, '')"
                + " + ' ' + Math.round(e.duration) + ' ms').join(', ')");
        System.out.printf(
                "LookupPageTest: 10,000 mixed lines looked up and shown in %d ms (requests: %s; page says: %s)%n",
                millis, requests, page.textContent("#lookup-summary"));

        assertThat(page.getAttribute("#lookup-results", "data-state")).isEqualTo("done");
        assertThat(page.textContent("#lookup-summary"))
                .startsWith("10,000 answers in ")
                .doesNotContain("not looked up");
        // A page of the table at a time; the export has every row.
        assertThat(page.locator("#lookup-table tbody tr").count()).isEqualTo(500);
        assertThat(page.textContent("#lookup-shown")).isEqualTo("Rows 1–500 of 10,000.");
        List<String> first = tableRows(page).get(0);
        assertThat(first.get(INPUT)).isEqualTo(TestBundles.EICAR_MD5);
        assertThat(first.get(ZONE)).isEqualTo("RED");
        page.click("#lookup-next");
        assertThat(tableRows(page).get(0).get(LINE)).isEqualTo("501");
        page.selectOption("#lookup-page", "20");
        assertThat(page.textContent("#lookup-shown")).isEqualTo("Rows 9,501–10,000 of 10,000.");
        assertThat(page.isDisabled("#lookup-next")).isTrue();
        List<String> last = tableRows(page).get(499);
        assertThat(last.get(INPUT)).isEqualTo("198.51.100.7");
        assertThat(last.get(MATCHED)).isEqualTo("ip: 198.51.100.7/32");

        List<List<String>> csv = exportCsv(page);
        assertThat(csv).hasSize(10_001);
        assertThat(csv.get(1).get(INPUT)).isEqualTo(TestBundles.EICAR_MD5);
        assertThat(asShown(csv.get(10_000))).isEqualTo(last);
    }

    @Test
    void theNarrowScreenKeepsTheTableInItsOwnScroller() {
        Page page = browser.page(390, 844);
        signIn(page, LOOKUP);
        lookUp(
                page,
                String.join(
                        "\n", TestBundles.EICAR_SHA256, URL, "198.51.100.7", "testsafebrowsing.appspot.com", BAD_LINE));
        assertThat(page.locator("#lookup-table tbody tr").count()).isEqualTo(5);
        assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no page-wide horizontal scroll")
                .isEqualTo(true);
        // Each row a card: the problem of the bad line is on the screen, not off to the right.
        com.microsoft.playwright.options.BoundingBox problem =
                page.locator("#lookup-table tr.lookup-row-error td.error").boundingBox();
        assertThat(problem.x + problem.width).isLessThanOrEqualTo(390);
        assertThat(page.textContent("#lookup-table tr.lookup-row-error td.error"))
                .startsWith("Not a valid domain");
        screenshot(page, "lookup-narrow");
    }
}
