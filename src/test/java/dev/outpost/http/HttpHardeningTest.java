package dev.outpost.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** Issue 11 items 3, 13, 14, 15 and 16: what the HTTP layer does with hostile and unusual requests. */
@QuarkusTest
class HttpHardeningTest {
    private static final String TOKEN = "test-operator-token-not-secret";
    private static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";

    /** Item 3: raw UTF-8 in the request target decodes as UTF-8, in queries and paths alike. */
    @Test
    void rawUtf8InTheTargetIsReadAsUtf8() throws IOException {
        int id = given().header("Authorization", "Bearer " + TOKEN)
                .contentType("application/json")
                .body(Map.of("kind", "domain", "value", "bücher.example", "verdict", "PHISHING"))
                .post("/api/v1/local-verdicts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        try {
            String raw = exchange("GET /api/v1/urls?url=http://b\u00fccher.example/login HTTP/1.1\r\nHost: outpost\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(raw)
                    .startsWith("HTTP/1.1 200")
                    .contains("\"zone\":\"RED\"")
                    .contains("xn--bcher-kva.example");
            String path = exchange(
                    "GET /api/v1/domains/www.b\u00fccher.example HTTP/1.1\r\nHost: outpost\r\nConnection: close\r\n\r\n");
            assertThat(path).startsWith("HTTP/1.1 200").contains("\"zone\":\"RED\"");
            // The absolute form of a request target (RFC 9112 section 3.2.2) is read the same way.
            String absolute = exchange("GET http://outpost/api/v1/domains/www.b\u00fccher.example HTTP/1.1\r\n"
                    + "Host: outpost\r\nConnection: close\r\n\r\n");
            assertThat(absolute).startsWith("HTTP/1.1 200").contains("\"zone\":\"RED\"");
            // The same URL percent-encoded answers the same.
            given().get("/api/v1/urls?url=http://b%C3%BCcher.example/login")
                    .then()
                    .body("zone", equalTo("RED"));
        } finally {
            given().header("Authorization", "Bearer " + TOKEN)
                    .delete("/api/v1/local-verdicts/" + id)
                    .then()
                    .statusCode(204);
        }
    }

    /** Item 13: malformed HTTP is a 400 problem, and nothing above debug level reaches the log. */
    @Test
    void malformedHttpIsAProblemAndQuiet() throws IOException {
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()
                        && (record.getThrown() != null
                                || String.valueOf(record.getMessage()).contains("Request"))) {
                    synchronized (logged) {
                        logged.add(record);
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            List<String> requests = List.of(
                    "GET /api/v1/dataset HTTP/1.1\r\nConnection: close\r\n\r\n",
                    "GET /api/v1/dataset HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n");
            for (String request : requests) {
                String answer = exchange(request);
                assertThat(answer)
                        .as("answer to %s", request)
                        .startsWith("HTTP/1.1 400")
                        .contains("application/problem+json")
                        .contains("urn:outpost:problem:malformed-request")
                        .doesNotContain("Exception")
                        .doesNotContain("\tat ");
            }
            // A broken chunked encoding: Vert.x's codec fails the connection before any handler can
            // answer, so the client sees it closed; what matters here is that it costs no log line.
            String badChunk = exchange("POST /api/v1/files/lookup HTTP/1.1\r\nHost: outpost\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n");
            assertThat(badChunk).isEmpty();
            // A head the codec cannot parse is answered by Vert.x itself, bare, and not logged either.
            String badHeader = exchange("GET /api/v1/dataset HTTP/1.1\r\nHost: outpost\r\nNo Colon Here\r\n\r\n");
            assertThat(badHeader).startsWith("HTTP/1.1 400").doesNotContain("Exception");
        } finally {
            root.removeHandler(capture);
        }
        assertThat(logged).extracting(LogRecord::getMessage).isEmpty();
    }

    /** Item 14: a domain with a NUL or a space is a bad request, like on the other endpoints. */
    @Test
    void domainsWithControlCharactersOrSpacesAreBadRequests() {
        for (String name :
                new String[] {"evil%00.example", "evil%20site.example", "evil%09.example", "a%7Fb.example"}) {
            given().urlEncodingEnabled(false)
                    .get("/api/v1/domains/" + name)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:outpost:problem:invalid-domain"));
        }
        given().get("/api/v1/domains/malware.testing.google.test")
                .then()
                .statusCode(200)
                .body("zone", equalTo("RED"));
    }

    /** Item 15: 10,000 URLs of about 220 bytes fit; a body beyond the cap is a 413 problem naming it. */
    @Test
    void tenThousandLongUrlsFitAndTooLargeIsAProblem() throws IOException {
        StringBuilder body = new StringBuilder("{\"urls\":[");
        for (int i = 0; i < 10_000; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("\"http://host-")
                    .append(i)
                    .append(".example/")
                    .append("p".repeat(180))
                    .append("?q=")
                    .append(i)
                    .append('"');
        }
        body.append("]}");
        assertThat(body.length()).isGreaterThan(2_100_000);
        Response answer =
                given().contentType("application/json").body(body.toString()).post("/api/v1/urls/lookup");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.jsonPath().getList("results")).hasSize(10_000);

        // The cap is checked against the declared length before the body is read.
        String tooLarge =
                exchange("POST /api/v1/urls/lookup HTTP/1.1\r\nHost: outpost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + (21 * 1024 * 1024) + "\r\n\r\n{\"urls\":[");
        assertThat(tooLarge)
                .startsWith("HTTP/1.1 413")
                .contains("application/problem+json")
                .contains("urn:outpost:problem:request-too-large")
                .contains("20971520 bytes");
        // A chunked body that grows beyond the cap is cut as soon as it does.
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/urls/lookup HTTP/1.1\r\nHost: outpost\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("100000\r\n" + " ".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 22; i++) {
                    out.write(chunk);
                }
            } catch (IOException closedByServer) {
                // Expected once the server has answered and closed.
            }
            String cut = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(cut).startsWith("HTTP/1.1 413").contains("urn:outpost:problem:request-too-large");
        }
    }

    /** Item 16: security headers on answers, problems and probes; a policy on Swagger UI. */
    @Test
    void everyResponseCarriesSecurityHeaders() {
        for (String path :
                new String[] {"/api/v1/files/" + EICAR_MD5, "/api/v1/files/xyz", "/q/health/ready", "/nope"}) {
            given().get(path)
                    .then()
                    .header("X-Content-Type-Options", "nosniff")
                    .header("X-Frame-Options", "DENY")
                    .header("Content-Security-Policy", SecurityHeaders.API_POLICY)
                    .header("Cache-Control", "no-store");
        }
        given().get("/q/swagger-ui/")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", SecurityHeaders.SWAGGER_UI_POLICY)
                .header("X-Frame-Options", "DENY");
        given().get("/q/openapi").then().statusCode(200).header("Cache-Control", "no-cache");
    }

    /** Sends raw bytes (UTF-8) and reads the whole answer until the server closes the connection. */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
