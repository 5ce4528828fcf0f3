package dev.outpost.lookup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The exact bytes of the lookup API: status, Content-Type, field order, omitted nulls, dates and
 * escaping of answers (hits, misses, local overrides, per-item errors) and problems, for files,
 * certificates, URLs, domains and addresses. Recorded from the API while web answers were still
 * written by Jackson, before every answer went through one writer, so that any change to the wire
 * format fails here byte for byte. The recording shows two escapings and two Content-Types, web
 * answers' and file answers'; both are kept. {@code -Dwire.record=true} prints the bodies as Java
 * literals instead of checking them.
 */
@QuarkusTest
class WireFormatTest {
    private static final String TOKEN = "test-operator-token-not-secret";
    /** A URL item over the 16 KiB limit; it stands in the expected bodies as {@code {LONG_URL}}. */
    private static final String LONG_URL = "http://a.example/" + "%25".repeat(6_000);

    /** Control characters, DEL, a BMP letter, an emoji (a surrogate pair) and a lone surrogate, as JSON escapes. */
    private static final String HOSTILE_JSON = "a\\b\\f\\n\\t\\u0001\\u001f\\u007f\\u00e9\\ud83d\\ude00\\ud800z";

    /** What a threat name may hold (no control characters): quotes, a backslash, non-ASCII, an emoji, U+2028. */
    private static final String THREAT_NAME_JSON = "Local \\\"name\\\" \\\\ \\u00e9 \\ud83d\\ude00 \\u2028 end";

    private static RequestSpecification operator() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType("application/json");
    }

    @BeforeEach
    @AfterEach
    void clear() {
        List<Integer> ids =
                operator().get("/api/v1/local-verdicts?size=1000").jsonPath().getList("id");
        ids.forEach(
                id -> operator().delete("/api/v1/local-verdicts/" + id).then().statusCode(204));
    }

    /** A local verdict; its id stands in the expected bodies as {@code {ID:name}}. */
    private static int local(String kind, String value, String verdict, String threatNameJson) {
        String body = "{\"kind\":\"" + kind + "\",\"value\":\"" + value + "\",\"verdict\":\"" + verdict + "\""
                + (threatNameJson == null ? "" : ",\"threatName\":\"" + threatNameJson + "\"") + "}";
        return operator()
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static Response get(String pathAndQuery) {
        return given().urlEncodingEnabled(false).get(pathAndQuery);
    }

    private static Response post(String path, String json) {
        return given().contentType("application/json")
                .body(json.getBytes(StandardCharsets.UTF_8))
                .post(path);
    }

    @Test
    void lookupAnswersKeepTheirExactBytes() {
        Map<String, Integer> ids = new LinkedHashMap<>();
        ids.put("url", local("url", "http://evil.example/phish/", "PHISHING", THREAT_NAME_JSON));
        // Under a vendor-listed domain: it wins there, and only there.
        ids.put("domain", local("domain", "sub.malware.testing.google.test", "CLEAN", null));
        ids.put("ip", local("ip", "203.0.113.0/24", "SUSPICIOUS", "Local.Range"));
        ids.put("file", local("file", FileResourceTest.EICAR_SHA256, "TRUSTED", null));
        ids.put("unknownFile", local("file", "ab".repeat(32), "MALWARE", THREAT_NAME_JSON));
        ids.put("certificate", local("certificate", CertificateResourceTest.ISRG_ROOT_X1, "MALWARE", "Revoked"));

        Map<String, Response> responses = new LinkedHashMap<>();
        // Web, single.
        responses.put(
                "urlHitByExpression",
                get("/api/v1/urls?url=HTTP%3A%2F%2FTestSafeBrowsing.appspot.com%2Fs%2F%2570hishing.html%23top"));
        responses.put("urlHitByDomain", get("/api/v1/urls?url=http%3A%2F%2Ftestsafebrowsing.appspot.com%2F"));
        responses.put(
                "urlHitByPrefix",
                get("/api/v1/urls?url=https%3A%2F%2Fa.b.malware.testing.google.test%2Ftesting%2Fmalware%2Fx%2Fy.exe"));
        responses.put("urlHitByAddress", get("/api/v1/urls?url=http%3A%2F%2F198.51.100.7%2Flogin"));
        responses.put("urlMiss", get("/api/v1/urls?url=www.example.org%2Findex.html"));
        responses.put(
                "urlMissWithHostileQuery",
                get("/api/v1/urls?url=http%3A%2F%2Fexample.org%2F%08%0C%7F%C3%A9%F0%9F%98%80%01"));
        responses.put("urlLocal", get("/api/v1/urls?url=http%3A%2F%2Fsub.evil.example%2Fphish%2Fpage.html"));
        responses.put("urlMissingParameter", get("/api/v1/urls"));
        responses.put("urlInvalid", get("/api/v1/urls?url=mailto%3Asomeone%40example.org"));
        responses.put("domainHit", get("/api/v1/domains/Deep.Sub.MALWARE.testing.google.test."));
        responses.put("domainLocal", get("/api/v1/domains/www.sub.malware.testing.google.test"));
        responses.put(
                "urlLocalByDomain",
                get("/api/v1/urls?url=https%3A%2F%2Fsub.malware.testing.google.test%2Ftesting%2Fmalware%2Fa"));
        responses.put("domainMiss", get("/api/v1/domains/example.org"));
        responses.put("domainInternational", get("/api/v1/domains/b%C3%BCcher.example"));
        responses.put("domainInvalid", get("/api/v1/domains/192.0.2.1"));
        responses.put("ipHitHost", get("/api/v1/ips/198.51.100.7"));
        responses.put("ipHitRange", get("/api/v1/ips/192.0.2.55"));
        responses.put("ipHitV6", get("/api/v1/ips/2001:DB8:0:0::1"));
        responses.put("ipLocal", get("/api/v1/ips/203.0.113.9"));
        responses.put("ipMiss", get("/api/v1/ips/198.51.100.8"));
        responses.put("ipInvalid", get("/api/v1/ips/300.1.1.1"));
        // Web, bulk.
        responses.put(
                "urlsBulk",
                post(
                        "/api/v1/urls/lookup",
                        "{\"urls\": [\"http://testsafebrowsing.appspot.com/s/phishing.html\", \"mailto:x@y\", null,"
                                + " \"http://198.51.100.7/login\", \"http://evil.example/phish/x\", \"\","
                                + " \"" + LONG_URL + "\","
                                + " \"http://example.org/" + HOSTILE_JSON + "\", \"" + HOSTILE_JSON + "\","
                                + " \"www.example.org\"]}"));
        responses.put(
                "ipsBulk",
                post(
                        "/api/v1/ips/lookup",
                        "{\"addresses\": [\"192.0.2.1\", \"nope\", \"::1\", null, \"203.0.113.1\", \"\", \""
                                + HOSTILE_JSON + "\", \"2001:db8::ff\"]}"));
        responses.put("urlsBulkWithoutField", post("/api/v1/urls/lookup", "{}"));
        responses.put("ipsBulkWithoutField", post("/api/v1/ips/lookup", "{\"urls\": []}"));
        responses.put("urlsBulkEmpty", post("/api/v1/urls/lookup", "{\"urls\": []}"));
        // Files and certificates, single.
        responses.put("fileHit", get("/api/v1/files/" + FileResourceTest.EICAR_SHA1));
        responses.put("fileHitUpperCase", get("/api/v1/files/" + FileResourceTest.EICAR_MD5.toUpperCase()));
        responses.put("fileClean", get("/api/v1/files/7987cf330ff5bb94015dfbb9eae5a99f"));
        responses.put("fileMiss", get("/api/v1/files/" + FileResourceTest.UNKNOWN_SHA256));
        responses.put("fileLocalByOtherDigest", get("/api/v1/files/" + FileResourceTest.EICAR_MD5));
        responses.put("fileLocalUnknownToVendor", get("/api/v1/files/" + "ab".repeat(32)));
        responses.put("fileInvalid", get("/api/v1/files/xyz"));
        responses.put("certificateLocal", get("/api/v1/certificates/" + CertificateResourceTest.ISRG_ROOT_X1));
        responses.put("certificateMiss", get("/api/v1/certificates/" + FileResourceTest.EICAR_SHA256));
        responses.put("certificateInvalid", get("/api/v1/certificates/" + FileResourceTest.EICAR_MD5));
        // Files and certificates, bulk.
        responses.put(
                "filesBulk",
                post(
                        "/api/v1/files/lookup",
                        "{\"hashes\": [\"" + FileResourceTest.UNKNOWN_SHA256 + "\", \"not-a-hash\", \""
                                + FileResourceTest.EICAR_SHA1 + "\", \"" + FileResourceTest.EICAR_MD5
                                + "\", \"\", null, \"" + HOSTILE_JSON + "\", \"" + "ab".repeat(32) + "\", \""
                                + "7987cf330ff5bb94015dfbb9eae5a99f\"]}"));
        responses.put(
                "certificatesBulk",
                post(
                        "/api/v1/certificates/lookup",
                        "{\"hashes\": [\"" + FileResourceTest.EICAR_MD5 + "\", \""
                                + CertificateResourceTest.ISRG_ROOT_X1 + "\", null, \"" + FileResourceTest.EICAR_SHA256
                                + "\"]}"));
        responses.put("filesBulkWithoutField", post("/api/v1/files/lookup", "{}"));
        responses.put("certificatesBulkWithoutField", post("/api/v1/certificates/lookup", "{\"urls\": []}"));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= LookupService.MAX_BULK_ITEMS; i++) {
            tooMany.add("\"1.2.3.4\"");
        }
        responses.put(
                "ipsBulkTooMany", post("/api/v1/ips/lookup", "{\"addresses\": [" + String.join(",", tooMany) + "]}"));
        responses.put(
                "filesBulkTooMany", post("/api/v1/files/lookup", "{\"hashes\": [" + String.join(",", tooMany) + "]}"));

        if (Boolean.getBoolean("wire.record")) {
            StringBuilder out = new StringBuilder();
            responses.forEach((name, response) -> out.append("        expected.put(\"")
                    .append(name)
                    .append("\", ")
                    .append(literal(response.statusCode() + " " + response.contentType() + " "
                            + withIds(new String(response.asByteArray(), StandardCharsets.UTF_8), ids)))
                    .append(");\n"));
            System.out.println("WIRE-FORMAT-BEGIN\n" + out + "WIRE-FORMAT-END");
            return;
        }
        Map<String, String> expected = expected();
        assertThat(responses.keySet()).containsExactlyElementsOf(expected.keySet());
        responses.forEach((name, response) -> assertThat(response.statusCode() + " " + response.contentType() + " "
                        + withIds(new String(response.asByteArray(), StandardCharsets.UTF_8), ids))
                .as(name)
                .isEqualTo(expected.get(name)));
    }

    /** Local verdict ids depend on what ran before: they are compared by name; the long URL is shortened. */
    private static String withIds(String body, Map<String, Integer> ids) {
        String result = body.replace(LONG_URL, "{LONG_URL}");
        for (Map.Entry<String, Integer> id : ids.entrySet()) {
            result = result.replace(
                    "\"localVerdictId\":" + id.getValue() + ",", "\"localVerdictId\":{ID:" + id.getKey() + "},");
        }
        return result;
    }

    /** A Java string literal; every character outside printable ASCII as a {@code \\uXXXX} escape. */
    private static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append(c);
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static Map<String, String> expected() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(
                "urlHitByExpression",
                "200 application/json;charset=UTF-8 {\"query\":\"HTTP://TestSafeBrowsing.appspot.com/s/%70hishing.html#top\",\"canonicalUrl\":\"http://testsafebrowsing.appspot.com/s/phishing.html\",\"zone\":\"RED\",\"verdict\":\"PHISHING\",\"threatName\":\"Test.Phishing.Page\",\"firstSeen\":\"2016-01-01\",\"lastSeen\":\"2026-11-20\",\"popularity\":0,\"matchType\":\"url\",\"matchedExpression\":\"testsafebrowsing.appspot.com/s/phishing.html\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "urlHitByDomain",
                "200 application/json;charset=UTF-8 {\"query\":\"http://testsafebrowsing.appspot.com/\",\"canonicalUrl\":\"http://testsafebrowsing.appspot.com/\",\"zone\":\"GREEN\",\"verdict\":\"CLEAN\",\"firstSeen\":\"2016-01-01\",\"lastSeen\":\"2026-11-20\",\"popularity\":0,\"matchType\":\"domain\",\"matchedExpression\":\"testsafebrowsing.appspot.com\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "urlHitByPrefix",
                "200 application/json;charset=UTF-8 {\"query\":\"https://a.b.malware.testing.google.test/testing/malware/x/y.exe\",\"canonicalUrl\":\"https://a.b.malware.testing.google.test/testing/malware/x/y.exe\",\"zone\":\"RED\",\"verdict\":\"MALWARE\",\"threatName\":\"Test.Malware.Prefix\",\"firstSeen\":\"2018-01-01\",\"lastSeen\":\"2026-11-20\",\"popularity\":0,\"matchType\":\"url\",\"matchedExpression\":\"malware.testing.google.test/testing/malware/\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "urlHitByAddress",
                "200 application/json;charset=UTF-8 {\"query\":\"http://198.51.100.7/login\",\"canonicalUrl\":\"http://198.51.100.7/login\",\"zone\":\"RED\",\"verdict\":\"MALWARE\",\"threatName\":\"Test.Malware.Host\",\"firstSeen\":\"2020-01-01\",\"lastSeen\":\"2026-11-20\",\"popularity\":0,\"matchType\":\"ip\",\"matchedExpression\":\"198.51.100.7/32\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "urlMiss",
                "200 application/json;charset=UTF-8 {\"query\":\"www.example.org/index.html\",\"canonicalUrl\":\"http://www.example.org/index.html\",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "urlMissWithHostileQuery",
                "200 application/json;charset=UTF-8 {\"query\":\"http://example.org/\\b\\f\u007f\u00e9\\uD83D\\uDE00\\u0001\",\"canonicalUrl\":\"http://example.org/%08%0C%7F%C3%A9%F0%9F%98%80%01\",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "urlLocal",
                "200 application/json;charset=UTF-8 {\"query\":\"http://sub.evil.example/phish/page.html\",\"canonicalUrl\":\"http://sub.evil.example/phish/page.html\",\"zone\":\"RED\",\"verdict\":\"PHISHING\",\"threatName\":\"Local \\\"name\\\" \\\\ \u00e9 \\uD83D\\uDE00 \u2028 end\",\"matchType\":\"url\",\"matchedExpression\":\"evil.example/phish/\",\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:url},\"createdBy\":\"test-operator\"}}");
        expected.put(
                "urlMissingParameter",
                "400 application/problem+json {\"type\":\"urn:outpost:problem:invalid-url\",\"title\":\"Invalid url\",\"status\":400,\"detail\":\"the 'url' query parameter is required\"}");
        expected.put(
                "urlInvalid",
                "400 application/problem+json {\"type\":\"urn:outpost:problem:invalid-url\",\"title\":\"Invalid url\",\"status\":400,\"detail\":\"URL has a scheme but no '//' and host (e.g. mailto:)\",\"input\":\"mailto:someone@example.org\"}");
        expected.put(
                "domainHit",
                "200 application/json;charset=UTF-8 {\"query\":\"Deep.Sub.MALWARE.testing.google.test.\",\"canonicalDomain\":\"deep.sub.malware.testing.google.test\",\"zone\":\"GREEN\",\"verdict\":\"CLEAN\",\"matchType\":\"domain\",\"matchedExpression\":\"sub.malware.testing.google.test\",\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:domain},\"createdBy\":\"test-operator\"}}");
        expected.put(
                "domainLocal",
                "200 application/json;charset=UTF-8 {\"query\":\"www.sub.malware.testing.google.test\",\"canonicalDomain\":\"www.sub.malware.testing.google.test\",\"zone\":\"GREEN\",\"verdict\":\"CLEAN\",\"matchType\":\"domain\",\"matchedExpression\":\"sub.malware.testing.google.test\",\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:domain},\"createdBy\":\"test-operator\"}}");
        expected.put(
                "urlLocalByDomain",
                "200 application/json;charset=UTF-8 {\"query\":\"https://sub.malware.testing.google.test/testing/malware/a\",\"canonicalUrl\":\"https://sub.malware.testing.google.test/testing/malware/a\",\"zone\":\"GREEN\",\"verdict\":\"CLEAN\",\"matchType\":\"domain\",\"matchedExpression\":\"sub.malware.testing.google.test\",\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:domain},\"createdBy\":\"test-operator\"}}");
        expected.put(
                "domainMiss",
                "200 application/json;charset=UTF-8 {\"query\":\"example.org\",\"canonicalDomain\":\"example.org\",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "domainInternational",
                "200 application/json;charset=UTF-8 {\"query\":\"b\u00fccher.example\",\"canonicalDomain\":\"xn--bcher-kva.example\",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "domainInvalid",
                "400 application/problem+json {\"type\":\"urn:outpost:problem:invalid-domain\",\"title\":\"Invalid domain\",\"status\":400,\"detail\":\"an IP address is not a domain: list it as an ip record\",\"input\":\"192.0.2.1\"}");
        expected.put(
                "ipHitHost",
                "200 application/json;charset=UTF-8 {\"query\":\"198.51.100.7\",\"address\":\"198.51.100.7\",\"zone\":\"RED\",\"verdict\":\"MALWARE\",\"threatName\":\"Test.Malware.Host\",\"firstSeen\":\"2020-01-01\",\"lastSeen\":\"2026-11-20\",\"popularity\":0,\"matchType\":\"ip\",\"matchedExpression\":\"198.51.100.7/32\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "ipHitRange",
                "200 application/json;charset=UTF-8 {\"query\":\"192.0.2.55\",\"address\":\"192.0.2.55\",\"zone\":\"YELLOW\",\"verdict\":\"SUSPICIOUS\",\"threatName\":\"Test.Suspicious.Range\",\"firstSeen\":\"2020-01-01\",\"lastSeen\":\"2026-11-20\",\"popularity\":0,\"matchType\":\"ip\",\"matchedExpression\":\"192.0.2.0/24\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "ipHitV6",
                "200 application/json;charset=UTF-8 {\"query\":\"2001:DB8:0:0::1\",\"address\":\"2001:db8::1\",\"zone\":\"YELLOW\",\"verdict\":\"SUSPICIOUS\",\"threatName\":\"Test.Suspicious.Range6\",\"firstSeen\":\"2020-01-01\",\"lastSeen\":\"2026-11-20\",\"popularity\":0,\"matchType\":\"ip\",\"matchedExpression\":\"2001:db8::/32\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "ipLocal",
                "200 application/json;charset=UTF-8 {\"query\":\"203.0.113.9\",\"address\":\"203.0.113.9\",\"zone\":\"YELLOW\",\"verdict\":\"SUSPICIOUS\",\"threatName\":\"Local.Range\",\"matchType\":\"ip\",\"matchedExpression\":\"203.0.113.0/24\",\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:ip},\"createdBy\":\"test-operator\"}}");
        expected.put(
                "ipMiss",
                "200 application/json;charset=UTF-8 {\"query\":\"198.51.100.8\",\"address\":\"198.51.100.8\",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "ipInvalid",
                "400 application/problem+json {\"type\":\"urn:outpost:problem:invalid-ip\",\"title\":\"Invalid ip\",\"status\":400,\"detail\":\"'300.1.1.1' is not an IPv4 or IPv6 address\",\"input\":\"300.1.1.1\"}");
        expected.put(
                "urlsBulk",
                "200 application/json;charset=UTF-8 {\"results\":[{\"query\":\"http://testsafebrowsing.appspot.com/s/phishing.html\",\"canonicalUrl\":\"http://testsafebrowsing.appspot.com/s/phishing.html\",\"zone\":\"RED\",\"verdict\":\"PHISHING\",\"threatName\":\"Test.Phishing.Page\",\"firstSeen\":\"2016-01-01\",\"lastSeen\":\"2026-11-20\",\"popularity\":0,\"matchType\":\"url\",\"matchedExpression\":\"testsafebrowsing.appspot.com/s/phishing.html\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}},{\"query\":\"mailto:x@y\",\"error\":{\"type\":\"invalid-url\",\"detail\":\"URL has a scheme but no '//' and host (e.g. mailto:)\"}},{\"error\":{\"type\":\"invalid-request\",\"detail\":\"item is null\"}},{\"query\":\"http://198.51.100.7/login\",\"canonicalUrl\":\"http://198.51.100.7/login\",\"zone\":\"RED\",\"verdict\":\"MALWARE\",\"threatName\":\"Test.Malware.Host\",\"firstSeen\":\"2020-01-01\",\"lastSeen\":\"2026-11-20\",\"popularity\":0,\"matchType\":\"ip\",\"matchedExpression\":\"198.51.100.7/32\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}},{\"query\":\"http://evil.example/phish/x\",\"canonicalUrl\":\"http://evil.example/phish/x\",\"zone\":\"RED\",\"verdict\":\"PHISHING\",\"threatName\":\"Local \\\"name\\\" \\\\ \u00e9 \\uD83D\\uDE00 \u2028 end\",\"matchType\":\"url\",\"matchedExpression\":\"evil.example/phish/\",\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:url},\"createdBy\":\"test-operator\"}},{\"query\":\"\",\"error\":{\"type\":\"invalid-url\",\"detail\":\"URL has no host\"}},{\"query\":\"{LONG_URL}\",\"error\":{\"type\":\"url-too-long\",\"detail\":\"URL is 18017 characters; at most 16384\"}},{\"query\":\"http://example.org/a\\b\\f\\n\\t\\u0001\\u001F\u007f\u00e9\\uD83D\\uDE00\\uD800z\",\"canonicalUrl\":\"http://example.org/a%08%0C%01%1F%7F%C3%A9%F0%9F%98%80?z\",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}},{\"query\":\"a\\b\\f\\n\\t\\u0001\\u001F\u007f\u00e9\\uD83D\\uDE00\\uD800z\",\"canonicalUrl\":\"http://a%08%0C%01%1F%7F%C3%A9%F0%9F%98%80/?z\",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}},{\"query\":\"www.example.org\",\"canonicalUrl\":\"http://www.example.org/\",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}]}");
        expected.put(
                "ipsBulk",
                "200 application/json;charset=UTF-8 {\"results\":[{\"query\":\"192.0.2.1\",\"address\":\"192.0.2.1\",\"zone\":\"YELLOW\",\"verdict\":\"SUSPICIOUS\",\"threatName\":\"Test.Suspicious.Range\",\"firstSeen\":\"2020-01-01\",\"lastSeen\":\"2026-11-20\",\"popularity\":0,\"matchType\":\"ip\",\"matchedExpression\":\"192.0.2.0/24\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}},{\"query\":\"nope\",\"error\":{\"type\":\"invalid-ip\",\"detail\":\"'nope' is not an IPv4 or IPv6 address\"}},{\"query\":\"::1\",\"address\":\"::1\",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}},{\"error\":{\"type\":\"invalid-request\",\"detail\":\"item is null\"}},{\"query\":\"203.0.113.1\",\"address\":\"203.0.113.1\",\"zone\":\"YELLOW\",\"verdict\":\"SUSPICIOUS\",\"threatName\":\"Local.Range\",\"matchType\":\"ip\",\"matchedExpression\":\"203.0.113.0/24\",\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:ip},\"createdBy\":\"test-operator\"}},{\"query\":\"\",\"error\":{\"type\":\"invalid-ip\",\"detail\":\"an IP address or CIDR range is required\"}},{\"query\":\"a\\b\\f\\n\\t\\u0001\\u001F\u007f\u00e9\\uD83D\\uDE00\\uD800z\",\"error\":{\"type\":\"invalid-ip\",\"detail\":\"'a\\b\\f\\n\\t\\u0001\\u001F\u007f\u00e9\\uD83D\\uDE00\\uD800z' is not an IPv4 or IPv6 address\"}},{\"query\":\"2001:db8::ff\",\"address\":\"2001:db8::ff\",\"zone\":\"YELLOW\",\"verdict\":\"SUSPICIOUS\",\"threatName\":\"Test.Suspicious.Range6\",\"firstSeen\":\"2020-01-01\",\"lastSeen\":\"2026-11-20\",\"popularity\":0,\"matchType\":\"ip\",\"matchedExpression\":\"2001:db8::/32\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}]}");
        expected.put(
                "urlsBulkWithoutField",
                "400 application/problem+json {\"type\":\"urn:outpost:problem:invalid-request\",\"title\":\"Invalid request\",\"status\":400,\"detail\":\"request body needs a 'urls' array\"}");
        expected.put(
                "ipsBulkWithoutField",
                "400 application/problem+json {\"type\":\"urn:outpost:problem:invalid-request\",\"title\":\"Invalid request\",\"status\":400,\"detail\":\"request body needs a 'addresses' array\"}");
        expected.put("urlsBulkEmpty", "200 application/json;charset=UTF-8 {\"results\":[]}");
        expected.put(
                "fileHit",
                "200 application/json {\"query\":\"3395856ce81f2b7382dee72602f798b642f14140\",\"type\":\"sha1\",\"zone\":\"GREEN\",\"verdict\":\"TRUSTED\",\"hashes\":{\"md5\":\"44d88612fea8a8f36de82e1278abb02f\",\"sha1\":\"3395856ce81f2b7382dee72602f798b642f14140\",\"sha256\":\"275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f\"},\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:file},\"createdBy\":\"test-operator\"}}");
        expected.put(
                "fileHitUpperCase",
                "200 application/json {\"query\":\"44D88612FEA8A8F36DE82E1278ABB02F\",\"type\":\"md5\",\"zone\":\"GREEN\",\"verdict\":\"TRUSTED\",\"hashes\":{\"md5\":\"44d88612fea8a8f36de82e1278abb02f\",\"sha1\":\"3395856ce81f2b7382dee72602f798b642f14140\",\"sha256\":\"275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f\"},\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:file},\"createdBy\":\"test-operator\"}}");
        expected.put(
                "fileClean",
                "200 application/json {\"query\":\"7987cf330ff5bb94015dfbb9eae5a99f\",\"type\":\"md5\",\"zone\":\"GREEN\",\"verdict\":\"CLEAN\",\"firstSeen\":\"2022-09-24\",\"lastSeen\":\"2026-11-20\",\"popularity\":910000,\"hashes\":{\"md5\":\"7987cf330ff5bb94015dfbb9eae5a99f\",\"sha1\":\"d3abebe287671fe1e09e79cdab88533aa68874e4\",\"sha256\":\"cb30d69b24245bf2ecdc9e7f53bbad19159999970b6d82c0c00c7d32d9e37aa4\"},\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "fileMiss",
                "200 application/json {\"query\":\"0000000000000000000000000000000000000000000000000000000000000001\",\"type\":\"sha256\",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "fileLocalByOtherDigest",
                "200 application/json {\"query\":\"44d88612fea8a8f36de82e1278abb02f\",\"type\":\"md5\",\"zone\":\"GREEN\",\"verdict\":\"TRUSTED\",\"hashes\":{\"md5\":\"44d88612fea8a8f36de82e1278abb02f\",\"sha1\":\"3395856ce81f2b7382dee72602f798b642f14140\",\"sha256\":\"275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f\"},\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:file},\"createdBy\":\"test-operator\"}}");
        expected.put(
                "fileLocalUnknownToVendor",
                "200 application/json {\"query\":\"abababababababababababababababababababababababababababababababab\",\"type\":\"sha256\",\"zone\":\"RED\",\"verdict\":\"MALWARE\",\"threatName\":\"Local \\\"name\\\" \\\\ \u00e9 \ud83d\ude00 \u2028 end\",\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:unknownFile},\"createdBy\":\"test-operator\"}}");
        expected.put(
                "fileInvalid",
                "400 application/problem+json {\"type\":\"urn:outpost:problem:invalid-hash\",\"title\":\"Invalid hash\",\"status\":400,\"detail\":\"hash has 3 characters; expected 32 (MD5), 40 (SHA-1) or 64 (SHA-256) hex digits\",\"input\":\"xyz\"}");
        expected.put(
                "certificateLocal",
                "200 application/json {\"query\":\"96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6\",\"type\":\"sha256\",\"zone\":\"RED\",\"verdict\":\"MALWARE\",\"threatName\":\"Revoked\",\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:certificate},\"createdBy\":\"test-operator\"}}");
        expected.put(
                "certificateMiss",
                "200 application/json {\"query\":\"275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f\",\"type\":\"sha256\",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}");
        expected.put(
                "certificateInvalid",
                "400 application/problem+json {\"type\":\"urn:outpost:problem:invalid-hash\",\"title\":\"Invalid hash\",\"status\":400,\"detail\":\"expected a sha256 (64 hex digits), got a md5\",\"input\":\"44d88612fea8a8f36de82e1278abb02f\"}");
        expected.put(
                "filesBulk",
                "200 application/json {\"results\":[{\"query\":\"0000000000000000000000000000000000000000000000000000000000000001\",\"type\":\"sha256\",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}},{\"query\":\"not-a-hash\",\"error\":{\"type\":\"invalid-hash\",\"detail\":\"hash has 10 characters; expected 32 (MD5), 40 (SHA-1) or 64 (SHA-256) hex digits\"}},{\"query\":\"3395856ce81f2b7382dee72602f798b642f14140\",\"type\":\"sha1\",\"zone\":\"GREEN\",\"verdict\":\"TRUSTED\",\"hashes\":{\"md5\":\"44d88612fea8a8f36de82e1278abb02f\",\"sha1\":\"3395856ce81f2b7382dee72602f798b642f14140\",\"sha256\":\"275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f\"},\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:file},\"createdBy\":\"test-operator\"}},{\"query\":\"44d88612fea8a8f36de82e1278abb02f\",\"type\":\"md5\",\"zone\":\"GREEN\",\"verdict\":\"TRUSTED\",\"hashes\":{\"md5\":\"44d88612fea8a8f36de82e1278abb02f\",\"sha1\":\"3395856ce81f2b7382dee72602f798b642f14140\",\"sha256\":\"275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f\"},\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:file},\"createdBy\":\"test-operator\"}},{\"query\":\"\",\"error\":{\"type\":\"invalid-hash\",\"detail\":\"hash is empty\"}},{\"error\":{\"type\":\"invalid-hash\",\"detail\":\"item is null\"}},{\"query\":\"a\\u0008\\u000c\\n\\t\\u0001\\u001f\\u007f\u00e9\ud83d\ude00?z\",\"error\":{\"type\":\"invalid-hash\",\"detail\":\"hash has 13 characters; expected 32 (MD5), 40 (SHA-1) or 64 (SHA-256) hex digits\"}},{\"query\":\"abababababababababababababababababababababababababababababababab\",\"type\":\"sha256\",\"zone\":\"RED\",\"verdict\":\"MALWARE\",\"threatName\":\"Local \\\"name\\\" \\\\ \u00e9 \ud83d\ude00 \u2028 end\",\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:unknownFile},\"createdBy\":\"test-operator\"}},{\"query\":\"7987cf330ff5bb94015dfbb9eae5a99f\",\"type\":\"md5\",\"zone\":\"GREEN\",\"verdict\":\"CLEAN\",\"firstSeen\":\"2022-09-24\",\"lastSeen\":\"2026-11-20\",\"popularity\":910000,\"hashes\":{\"md5\":\"7987cf330ff5bb94015dfbb9eae5a99f\",\"sha1\":\"d3abebe287671fe1e09e79cdab88533aa68874e4\",\"sha256\":\"cb30d69b24245bf2ecdc9e7f53bbad19159999970b6d82c0c00c7d32d9e37aa4\"},\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}]}");
        expected.put(
                "certificatesBulk",
                "200 application/json {\"results\":[{\"query\":\"44d88612fea8a8f36de82e1278abb02f\",\"error\":{\"type\":\"invalid-hash\",\"detail\":\"expected a sha256 (64 hex digits), got a md5\"}},{\"query\":\"96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6\",\"type\":\"sha256\",\"zone\":\"RED\",\"verdict\":\"MALWARE\",\"threatName\":\"Revoked\",\"source\":{\"type\":\"local\",\"localVerdictId\":{ID:certificate},\"createdBy\":\"test-operator\"}},{\"error\":{\"type\":\"invalid-hash\",\"detail\":\"item is null\"}},{\"query\":\"275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f\",\"type\":\"sha256\",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\",\"source\":{\"type\":\"vendor\",\"dataset\":\"demo\",\"sequence\":1}}]}");
        expected.put(
                "filesBulkWithoutField",
                "400 application/problem+json {\"type\":\"urn:outpost:problem:invalid-request\",\"title\":\"Invalid request\",\"status\":400,\"detail\":\"request body needs a 'hashes' array\"}");
        expected.put(
                "certificatesBulkWithoutField",
                "400 application/problem+json {\"type\":\"urn:outpost:problem:invalid-request\",\"title\":\"Invalid request\",\"status\":400,\"detail\":\"request body needs a 'hashes' array\"}");
        expected.put(
                "ipsBulkTooMany",
                "400 application/problem+json {\"type\":\"urn:outpost:problem:too-many-items\",\"title\":\"Too many items\",\"status\":400,\"detail\":\"request has 10001 items; at most 10000 per request\"}");
        expected.put(
                "filesBulkTooMany",
                "400 application/problem+json {\"type\":\"urn:outpost:problem:too-many-items\",\"title\":\"Too many items\",\"status\":400,\"detail\":\"request has 10001 items; at most 10000 per request\"}");
        return expected;
    }
}
