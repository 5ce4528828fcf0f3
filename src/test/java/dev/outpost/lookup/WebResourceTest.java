package dev.outpost.lookup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** URL, domain and IP lookups against the demo dataset's web records (offline-bundles/demo-records.csv). */
@QuarkusTest
class WebResourceTest {
    @Test
    void answersAListedUrlWithItsCanonicalFormAndTheMatchedExpression() {
        given().queryParam("url", "HTTP://TestSafeBrowsing.appspot.com/s/%70hishing.html#top")
                .get("/api/v1/urls")
                .then()
                .statusCode(200)
                .body("canonicalUrl", equalTo("http://testsafebrowsing.appspot.com/s/phishing.html"))
                .body("zone", equalTo("RED"))
                .body("verdict", equalTo("PHISHING"))
                .body("threatName", equalTo("Test.Phishing.Page"))
                .body("matchType", equalTo("url"))
                .body("matchedExpression", equalTo("testsafebrowsing.appspot.com/s/phishing.html"))
                .body("source.dataset", equalTo("demo"));
    }

    @Test
    void aCleanHostNeverHidesAListedPathButAnswersForItsOtherPages() {
        given().queryParam("url", "http://testsafebrowsing.appspot.com/s/malware.html?x=1")
                .get("/api/v1/urls")
                .then()
                .statusCode(200)
                .body("zone", equalTo("RED"))
                .body("matchedExpression", equalTo("testsafebrowsing.appspot.com/s/malware.html"));
        given().queryParam("url", "http://testsafebrowsing.appspot.com/")
                .get("/api/v1/urls")
                .then()
                .statusCode(200)
                .body("zone", equalTo("GREEN"))
                .body("matchType", equalTo("domain"))
                .body("matchedExpression", equalTo("testsafebrowsing.appspot.com"));
    }

    @Test
    void aListedPathPrefixCoversEverythingBelowIt() {
        given().queryParam("url", "https://a.b.malware.testing.google.test/testing/malware/x/y.exe")
                .get("/api/v1/urls")
                .then()
                .statusCode(200)
                .body("zone", equalTo("RED"))
                .body("matchType", equalTo("url"))
                .body("matchedExpression", equalTo("malware.testing.google.test/testing/malware/"));
    }

    @Test
    void anUnknownUrlIsGreyAndNamesNoMatch() {
        given().queryParam("url", "www.example.org/index.html")
                .get("/api/v1/urls")
                .then()
                .statusCode(200)
                .body("canonicalUrl", equalTo("http://www.example.org/index.html"))
                .body("zone", equalTo("GREY"))
                .body("verdict", equalTo("UNKNOWN"))
                .body("matchedExpression", nullValue());
    }

    @Test
    void badUrlsAreProblemsNeverServerErrors() {
        given().get("/api/v1/urls").then().statusCode(400).body("type", equalTo("urn:outpost:problem:invalid-url"));
        given().queryParam("url", "mailto:someone@example.org")
                .get("/api/v1/urls")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:invalid-url"));
        // Longer than 16 KiB: refused by Outpost. (A GET whose request line passes the HTTP server's 4 KiB
        // limit gets 414 from the server before Outpost sees it; the server may close the connection
        // mid-send, so that is not asserted here.)
        given().contentType("application/json")
                .body("{\"urls\": [\"http://a.example/" + "%25".repeat(6_000) + "\"]}")
                .post("/api/v1/urls/lookup")
                .then()
                .statusCode(200)
                .body("results[0].error.type", equalTo("url-too-long"));
    }

    @Test
    void bulkAnswersEveryItemInOrderWithPerItemErrors() {
        given().contentType("application/json")
                .body("{\"urls\": [\"http://testsafebrowsing.appspot.com/s/phishing.html\", \"mailto:x@y\","
                        + " \"http://198.51.100.7/login\"]}")
                .post("/api/v1/urls/lookup")
                .then()
                .statusCode(200)
                .body("results", hasSize(3))
                .body("results[0].zone", equalTo("RED"))
                .body("results[1].error.type", equalTo("invalid-url"))
                .body("results[2].zone", equalTo("RED"))
                .body("results[2].matchType", equalTo("ip"))
                .body("results[2].matchedExpression", equalTo("198.51.100.7/32"));
    }

    @Test
    void aDomainCoversItsSubdomains() {
        given().get("/api/v1/domains/{name}", "Deep.Sub.MALWARE.testing.google.test.")
                .then()
                .statusCode(200)
                .body("canonicalDomain", equalTo("deep.sub.malware.testing.google.test"))
                .body("zone", equalTo("RED"))
                .body("matchType", equalTo("domain"))
                .body("matchedExpression", equalTo("malware.testing.google.test"));
        given().get("/api/v1/domains/{name}", "192.0.2.1")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:outpost:problem:invalid-domain"));
    }

    @Test
    void theLongestListedPrefixDecidesForAnAddress() {
        given().get("/api/v1/ips/{address}", "198.51.100.7")
                .then()
                .statusCode(200)
                .body("zone", equalTo("RED"))
                .body("matchedExpression", equalTo("198.51.100.7/32"));
        given().get("/api/v1/ips/{address}", "192.0.2.55")
                .then()
                .statusCode(200)
                .body("address", equalTo("192.0.2.55"))
                .body("zone", equalTo("YELLOW"))
                .body("matchedExpression", equalTo("192.0.2.0/24"));
        given().get("/api/v1/ips/{address}", "2001:DB8:0:0::1")
                .then()
                .statusCode(200)
                .body("address", equalTo("2001:db8::1"))
                .body("matchedExpression", equalTo("2001:db8::/32"));
        given().get("/api/v1/ips/{address}", "203.0.113.9")
                .then()
                .statusCode(200)
                .body("zone", equalTo("GREY"));
        given().get("/api/v1/ips/{address}", "300.1.1.1")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:outpost:problem:invalid-ip"));
        given().contentType("application/json")
                .body("{\"addresses\": [\"192.0.2.1\", \"nope\", \"::1\"]}")
                .post("/api/v1/ips/lookup")
                .then()
                .statusCode(200)
                .body("results", hasSize(3))
                .body("results[0].zone", equalTo("YELLOW"))
                .body("results[1].error.type", equalTo("invalid-ip"))
                .body("results[2].zone", equalTo("GREY"));
    }
}
