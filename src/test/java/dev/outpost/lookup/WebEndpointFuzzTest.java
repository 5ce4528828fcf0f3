package dev.outpost.lookup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Random and hostile input against the web lookup endpoints (issue 5): whatever arrives, the answer
 * is a lookup answer or a problem+json, never a 500, never a stack trace, and it comes quickly.
 * Seeded, so a failure names the input that caused it and reproduces.
 */
@QuarkusTest
class WebEndpointFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261124L);
    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 150);
    private static final String[] PIECES = {
        "http://",
        "https://",
        "HTTP://",
        "ftp:",
        "mailto:",
        "//",
        "/",
        "\\",
        ".",
        "..",
        "./",
        "../",
        "...",
        "%",
        "%2",
        "%25",
        "%2e",
        "%2E",
        "%2F",
        "%00",
        "%zz",
        "%%",
        "%c3%a9",
        "%ff",
        "?",
        "#",
        "&",
        "=",
        "@",
        ":",
        ":80",
        ":99999",
        "[",
        "]",
        "[::1]",
        "[2001:db8::1]",
        "::ffff:",
        "0x",
        "0x7f",
        "017",
        "4294967295",
        "255.255.255.255",
        "192.0.2.",
        "1.2.3.4",
        "/24",
        "/33",
        "/129",
        "a",
        "Z",
        "-",
        "_",
        "~",
        "é",
        "中文",
        "😀",
        "xn--",
        "ß",
        "\t",
        "\n",
        "\r",
        " ",
        "\u0000",
        "\u007f",
        "\u00a0",
        "\u200b",
        "\ufeff",
        "\"",
        "'",
        "<",
        ">",
        "{",
        "}",
        "|",
        "^",
        "`",
        "+",
        ",",
        ";",
        "!",
        "*",
        "(",
        ")",
        "$",
        "0",
        "9",
        "testsafebrowsing.appspot.com",
        "example.com",
    };

    /** The hostile shapes the issue names, beyond random pieces: long, deeply escaped, many dots. */
    private static List<String> extremes() {
        return List.of(
                "http://" + "a.".repeat(8_000) + "example/",
                "http://example.com/" + "%25".repeat(5_000) + "41",
                "http://example.com/" + "../".repeat(5_000),
                "http://" + ".".repeat(16_000),
                "http://example.com/?" + "q".repeat(16_400),
                "http://[" + "0:".repeat(3_000) + "]/",
                "http://" + "%31".repeat(3) + "." + "0".repeat(5_000) + "/",
                "x".repeat(40_000));
    }

    @Test
    void singleUrlLookupsNeverFail() {
        Map<Integer, Integer> statuses = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> inputs = new ArrayList<>(List.of(
                "http://" + "a.".repeat(1_000) + "example/",
                "http://example.com/" + "%25".repeat(900) + "41",
                "http://example.com/" + "../".repeat(900),
                "http://" + ".".repeat(2_500)));
        for (int i = 0; i < ROUNDS; i++) {
            inputs.add(randomInput(random));
        }
        for (String input : inputs) {
            // Longer inputs go through the bulk test: a request line beyond the HTTP server's limit
            // (4 KiB) is refused with 414 before Outpost sees it, and the server closes the
            // connection while the client is still sending.
            String encoded = encode(input);
            if (encoded.length() > 3_000) {
                continue;
            }
            Response response = given().urlEncodingEnabled(false).get("/api/v1/urls?url=" + encoded);
            check(input, response, 0);
            statuses.merge(response.statusCode(), 1, Integer::sum);
        }
        System.out.println("URL fuzz, seed " + SEED + ", statuses: " + statuses);
        // The run must have exercised both answers and refusals to mean anything.
        assertThat(statuses).containsKeys(200, 400);
    }

    @Test
    void domainAndIpLookupsNeverFail() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < ROUNDS; i++) {
            String input = randomInput(random);
            String encoded = encode(input).replace("+", "%20");
            if (encoded.length() > 3_000) {
                continue;
            }
            // An empty or '/'-bearing segment routes nowhere: 404, as a problem.
            Response domain = given().urlEncodingEnabled(false).get("/api/v1/domains/" + encoded);
            check(input, domain, 404);
            Response ip = given().urlEncodingEnabled(false).get("/api/v1/ips/" + encoded);
            check(input, ip, 404);
            statuses.merge(domain.statusCode(), 1, Integer::sum);
            statuses.merge(ip.statusCode(), 1, Integer::sum);
        }
        System.out.println("domain and IP fuzz, seed " + SEED + ", statuses: " + statuses);
        assertThat(statuses).containsKeys(200, 400);
    }

    @Test
    void bulkLookupsAnswerEveryItemInOrderWhateverTheItems() {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        List<Object> items = new ArrayList<>(extremes());
        items.add("http://" + "b".repeat(1_500_000) + ".example/");
        items.add(null);
        for (int i = 0; i < 400; i++) {
            items.add(randomInput(random));
        }
        for (String path : List.of("/api/v1/urls/lookup", "/api/v1/ips/lookup")) {
            String field = path.contains("urls") ? "urls" : "addresses";
            Response response = given().contentType("application/json")
                    .body(Map.of(field, items))
                    .post(path);
            check(field, response, 0);
            assertThat(response.statusCode()).isEqualTo(200);
            List<Map<String, Object>> results = response.jsonPath().getList("results");
            assertThat(results).hasSize(items.size());
            for (int i = 0; i < items.size(); i++) {
                Map<String, Object> result = results.get(i);
                assertThat(result.get("error") != null || result.get("zone") != null)
                        .as("item %d of %s is answered", i, path)
                        .isTrue();
            }
        }
    }

    @Test
    void malformedBulkBodiesAreProblemsNotFailures() {
        SplittableRandom random = new SplittableRandom(SEED + 3);
        List<String> bodies = new ArrayList<>(List.of(
                "",
                "null",
                "[]",
                "{}",
                "{\"urls\": \"http://example.com/\"}",
                "{\"urls\": [1, true, {}, [], 1e999]}",
                "{\"urls\": [\"http://example.com/\"",
                "{\"urls\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}",
                "{\"urls\": [\"\\ud800\"]}",
                "{\"addresses\": [\"1.2.3.4\"], \"addresses\": [\"::1\"]}"));
        for (int i = 0; i < 60; i++) {
            StringBuilder body = new StringBuilder();
            int length = random.nextInt(80);
            String alphabet = "{}[]\":,urlsaddresses0123456789.-/ \\ntfe";
            for (int c = 0; c < length; c++) {
                body.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            bodies.add(body.toString());
        }
        for (String body : bodies) {
            for (String path : List.of("/api/v1/urls/lookup", "/api/v1/ips/lookup", "/api/v1/local-verdicts")) {
                // The operator API is fuzzed past its authentication, with the test profile's token.
                Response response =
                        operator().contentType("application/json").body(body).post(path);
                check(body, response, path.contains("local") ? 201 : 0);
            }
        }
        // Hostile values in well-formed local verdicts: canonicalized and stored, or refused.
        List<String> kinds = List.of("url", "domain", "ip", "file", "");
        for (int i = 0; i < 60; i++) {
            String value = randomInput(random);
            Map<String, String> verdict = Map.of(
                    "kind",
                    kinds.get(random.nextInt(kinds.size())),
                    "value",
                    value,
                    "verdict",
                    random.nextBoolean() ? "MALWARE" : "x");
            Response response =
                    operator().contentType("application/json").body(verdict).post("/api/v1/local-verdicts");
            check(verdict.toString(), response, response.statusCode() == 409 ? 409 : 201);
        }
        // Whatever was stored goes, so that other tests see vendor answers.
        List<Integer> created =
                operator().get("/api/v1/local-verdicts").jsonPath().getList("id");
        created.forEach(id -> operator().delete("/api/v1/local-verdicts/" + id));
    }

    /** The test profile's operator token (application.properties). */
    private static io.restassured.specification.RequestSpecification operator() {
        return given().header("Authorization", "Bearer test-operator-token-not-secret");
    }

    private static String encode(String input) {
        return java.net.URLEncoder.encode(input, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String randomInput(SplittableRandom random) {
        StringBuilder input = new StringBuilder();
        int pieces = 1 + random.nextInt(random.nextInt(4) == 0 ? 60 : 12);
        for (int p = 0; p < pieces; p++) {
            input.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return input.toString();
    }

    /**
     * An answer (200) or a problem (400, or {@code alsoAllowed}), in JSON, without a trace of the
     * implementation, and quick.
     */
    private static void check(String input, Response response, int alsoAllowed) {
        String shown = input.length() > 120 ? input.substring(0, 120) + "…(" + input.length() + ")" : input;
        int status = response.statusCode();
        assertThat(status).as("status for %s", shown).isIn(200, 400, alsoAllowed == 0 ? 400 : alsoAllowed);
        String body = response.asString();
        assertThat(body)
                .as("body for %s", shown)
                .doesNotContain("Exception")
                .doesNotContain("java.")
                .doesNotContain("dev.outpost")
                .doesNotContain("\tat ");
        if (status == 400 || status == 404) {
            assertThat(response.contentType()).as("type for %s", shown).startsWith("application/problem+json");
        }
        assertThat(response.time()).as("time for %s", shown).isLessThan(10_000L);
    }
}
