package dev.outpost.lookup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.outpost.metrics.MetricsScrape;

/**
 * {@code POST /api/v1/domains/lookup} (issue 15: the console's lookup page sends up to 10,000 mixed
 * items, and must not send 10,000 single requests for the domains among them). Every item is
 * answered with exactly the bytes the single {@code GET /api/v1/domains/{name}} answers for it, local
 * verdicts included, and the request as a whole is refused as the URL and address bulks refuse.
 */
@QuarkusTest
class DomainBulkLookupTest {
    private static final String TOKEN = "test-operator-token-not-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Local verdicts this test created, deleted after each test. */
    private final List<Integer> created = new ArrayList<>();

    @AfterEach
    void deleteLocalVerdicts() {
        for (int id : created) {
            operator().delete("/api/v1/local-verdicts/" + id).then().statusCode(204);
        }
        created.clear();
    }

    @Test
    void everyItemIsAnsweredWithTheSingleLookupsBytesInRequestOrder() {
        List<String> names = List.of(
                "malware.testing.google.test",
                "Deep.Sub.MALWARE.testing.google.test.",
                "example.org",
                "testsafebrowsing.appspot.com",
                "b\u00fccher.example",
                "malware.testing.google.test");
        Response bulk = bulk(names);
        bulk.then()
                .statusCode(200)
                .contentType("application/json;charset=UTF-8")
                .body("results", hasSize(names.size()))
                .body("results[0].zone", equalTo("RED"))
                .body("results[0].matchType", equalTo("domain"))
                .body("results[0].matchedExpression", equalTo("malware.testing.google.test"))
                .body("results[0].source.type", equalTo("vendor"))
                .body("results[1].query", equalTo("Deep.Sub.MALWARE.testing.google.test."))
                .body("results[1].canonicalDomain", equalTo("deep.sub.malware.testing.google.test"))
                .body("results[1].zone", equalTo("RED"))
                .body("results[1].matchedExpression", equalTo("malware.testing.google.test"))
                .body("results[2].zone", equalTo("GREY"))
                .body("results[2].verdict", equalTo("UNKNOWN"))
                .body("results[3].zone", equalTo("GREEN"))
                .body("results[4].canonicalDomain", equalTo("xn--bcher-kva.example"));
        assertThat(body(bulk)).isEqualTo(results(singles(names)));
    }

    @Test
    void aBadItemGetsTheSingleLookupsProblemInItsPlaceAndTheOthersAreAnswered() {
        List<String> bad = List.of("192.0.2.1", "malware.testing.google.test:443", "a b.example");
        List<String> items = new ArrayList<>();
        items.add(null);
        items.add("sub.malware.testing.google.test");
        items.addAll(bad);
        items.add("");
        items.add("example.org");
        Response bulk = post("/api/v1/domains/lookup", json(Map.of("domains", items)));
        bulk.then()
                .statusCode(200)
                .body("results", hasSize(items.size()))
                .body("results[0].query", nullValue())
                .body("results[0].error.type", equalTo("invalid-request"))
                .body("results[1].zone", equalTo("RED"))
                .body("results[5].query", equalTo(""))
                .body("results[5].error.type", equalTo("invalid-domain"))
                .body("results[6].zone", equalTo("GREY"));
        for (int i = 0; i < bad.size(); i++) {
            String item = bad.get(i);
            Response single = given().get("/api/v1/domains/{name}", item);
            single.then().statusCode(400).body("type", equalTo("urn:outpost:problem:invalid-domain"));
            String detail = single.path("detail");
            assertThat(detail).as(item).isNotBlank();
            bulk.then()
                    .body("results[" + (i + 2) + "].query", equalTo(item))
                    .body("results[" + (i + 2) + "].error.type", equalTo("invalid-domain"))
                    .body("results[" + (i + 2) + "].error.detail", equalTo(detail));
        }
    }

    @Test
    void aLocalVerdictOnADomainChangesTheBulkAnswerAsItChangesTheSingleOne() {
        List<String> names =
                List.of("www.sub.malware.testing.google.test", "malware.testing.google.test", "bulk-local.example");
        bulk(names)
                .then()
                .statusCode(200)
                .body("results[0].zone", equalTo("RED"))
                .body("results[0].source.type", equalTo("vendor"))
                .body("results[2].zone", equalTo("GREY"));

        local("sub.malware.testing.google.test", "CLEAN");
        local("bulk-local.example", "PHISHING");
        Response bulk = bulk(names);
        bulk.then()
                .statusCode(200)
                .body("results[0].zone", equalTo("GREEN"))
                .body("results[0].source.type", equalTo("local"))
                .body("results[0].matchedExpression", equalTo("sub.malware.testing.google.test"))
                // Only under the local verdict: the parent domain keeps the vendor's answer.
                .body("results[1].zone", equalTo("RED"))
                .body("results[1].source.type", equalTo("vendor"))
                .body("results[2].zone", equalTo("RED"))
                .body("results[2].verdict", equalTo("PHISHING"))
                .body("results[2].source.type", equalTo("local"));
        assertThat(body(bulk)).isEqualTo(results(singles(names)));
    }

    @Test
    void tenThousandItemsAreAnsweredAndOneMoreIsRefusedAsTheUrlBulkRefusesIt() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < BulkLookup.MAX_ITEMS; i++) {
            names.add("host-" + i + ".malware.testing.google.test");
        }
        bulk(names)
                .then()
                .statusCode(200)
                .body("results", hasSize(BulkLookup.MAX_ITEMS))
                .body("results[9999].query", equalTo("host-9999.malware.testing.google.test"))
                .body("results[9999].zone", equalTo("RED"));

        names.add("one-more.example");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i <= BulkLookup.MAX_ITEMS; i++) {
            urls.add("http://one-more.example/");
        }
        Response domains = bulk(names);
        Response asUrls = given().contentType("application/json")
                .body(json(Map.of("urls", urls)))
                .post("/api/v1/urls/lookup");
        domains.then()
                .statusCode(asUrls.statusCode())
                .contentType(asUrls.contentType())
                .body("type", equalTo("urn:outpost:problem:too-many-items"));
        assertThat(body(domains)).isEqualTo(body(asUrls));
    }

    @Test
    void aMissingEmptyOrUnreadableBodyIsRefusedAsTheOtherBulksRefuseIt() {
        // No body at all, or no array: the URL bulk's problem, naming this endpoint's field.
        for (String body : new String[] {null, "{}", "{\"urls\": []}", "{\"domains\": null}"}) {
            Response domains = post("/api/v1/domains/lookup", body);
            Response urls = post("/api/v1/urls/lookup", body == null ? null : body.replace("urls", "other"));
            assertThat(urls.statusCode()).as(String.valueOf(body)).isEqualTo(400);
            domains.then()
                    .statusCode(400)
                    .contentType(urls.contentType())
                    .body("type", equalTo("urn:outpost:problem:invalid-request"))
                    .body("detail", equalTo("request body needs a 'domains' array"));
            assertThat(body(domains))
                    .as(String.valueOf(body))
                    .isEqualTo(body(urls).replace("'urls'", "'domains'"));
        }
        post("/api/v1/domains/lookup", "{\"domains\": []}")
                .then()
                .statusCode(200)
                .body("results", hasSize(0));
        // Not JSON, or not an object: the URL bulk's problem, naming this endpoint's shape.
        for (String body : new String[] {"{\"oops\": [", "[\"not\", \"an\", \"object\"]"}) {
            Response domains = post("/api/v1/domains/lookup", body);
            Response urls = post("/api/v1/urls/lookup", body);
            assertThat(urls.statusCode()).as(body).isEqualTo(400);
            domains.then()
                    .statusCode(400)
                    .contentType(urls.contentType())
                    .body("type", equalTo("urn:outpost:problem:malformed-request"))
                    .body("detail", containsString("request body must be JSON of the form {\"domains\": [...]}"));
            assertThat(body(domains))
                    .as(body)
                    .isEqualTo(body(urls).replace("{\\\"urls\\\": [...]}", "{\\\"domains\\\": [...]}"));
        }
        post("/api/v1/domains/lookup", "{\"domains\": \"x.example\"}")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:outpost:problem:malformed-request"))
                .body(
                        "detail",
                        equalTo("request body must be JSON of the form {\"domains\": [...]} (line 1, column 13)"));
    }

    @Test
    void aDomainNamedLookupIsStillASingleLookup() {
        // The bulk path is POST only: GET /domains/lookup is the single lookup of the name "lookup".
        given().get("/api/v1/domains/lookup")
                .then()
                .statusCode(200)
                .body("query", equalTo("lookup"))
                .body("canonicalDomain", equalTo("lookup"))
                .body("zone", equalTo("GREY"));
    }

    @Test
    void aBulkCountsUnderTheDomainKindAndItsOwnEndpoint() {
        Map<String, Double> before = scrape();
        bulk(Arrays.asList("malware.testing.google.test", "example.org", "192.0.2.1"))
                .then()
                .statusCode(200);
        Map<String, Double> after = scrape();
        assertThat(delta(before, after, "outpost_lookup_duration_seconds_count{endpoint=\"domains_bulk\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookup_duration_seconds_count{endpoint=\"domains\"}"))
                .isZero();
        assertThat(delta(before, after, "outpost_bulk_request_items_sum{kind=\"domain\"}"))
                .isEqualTo(3);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"domain\",source=\"vendor\",zone=\"red\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_total{kind=\"domain\",source=\"none\",zone=\"grey\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "outpost_lookups_rejected_total{kind=\"domain\",reason=\"invalid_input\"}"))
                .isEqualTo(1);
    }

    private static RequestSpecification operator() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType("application/json");
    }

    private void local(String domain, String verdict) {
        created.add(operator()
                .body(Map.of("kind", "domain", "value", domain, "verdict", verdict))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    private static Response bulk(List<String> names) {
        return post("/api/v1/domains/lookup", json(Map.of("domains", names)));
    }

    private static Response post(String path, String json) {
        RequestSpecification request = given().contentType("application/json");
        if (json != null) {
            request.body(json.getBytes(StandardCharsets.UTF_8));
        }
        return request.post(path);
    }

    /** Each name's single lookup, which must answer 200. */
    private static List<String> singles(List<String> names) {
        List<String> answers = new ArrayList<>();
        for (String name : names) {
            Response single = given().get("/api/v1/domains/{name}", name);
            single.then().statusCode(200).contentType("application/json;charset=UTF-8");
            answers.add(body(single));
        }
        return answers;
    }

    private static String results(List<String> answers) {
        return "{\"results\":[" + String.join(",", answers) + "]}";
    }

    private static String body(Response response) {
        return new String(response.asByteArray(), StandardCharsets.UTF_8);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Double> scrape() {
        return MetricsScrape.samples();
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        return after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
    }
}
