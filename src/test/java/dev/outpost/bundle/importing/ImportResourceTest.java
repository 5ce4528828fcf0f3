package dev.outpost.bundle.importing;

import static dev.outpost.bundle.importing.ImportsApi.LOOKUP;
import static dev.outpost.bundle.importing.ImportsApi.OPERATOR;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.outpost.bundle.TestBundles;
import dev.outpost.config.DataDirectory;

/** Bundles over the API (issue 14): upload, follow, history, and every refusal. */
@QuarkusTest
@TestProfile(ImportsApi.Profile.class)
class ImportResourceTest {
    @Inject
    DataDirectory directories;

    @Inject
    ImportHistory history;

    @TempDir
    Path dir;

    @BeforeEach
    @AfterEach
    void stagingIsEmpty() throws Exception {
        // Between tests nothing is in hand: no upload, no staged copy, no journal.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ImportsApi.files(directories.staging()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ImportsApi.files(directories.staging())).isEmpty();
    }

    private static Response upload(byte[] bundle, String name) {
        return given().header("Authorization", OPERATOR)
                .contentType("application/octet-stream")
                .queryParam("name", name)
                .body(bundle)
                .post("/api/v1/imports");
    }

    @Test
    void activatesAnUploadedSuccessorWithProgressAndThenFindsItUnchanged() throws Exception {
        byte[] bundle = ImportsApi.demoSuccessor(dir, 2, 3000);
        Response accepted = upload(bundle, "demo-2.bundle");
        accepted.then()
                .statusCode(202)
                .body("id", notNullValue())
                .body("state", equalTo("QUEUED"))
                .body("finished", equalTo(false))
                .body("bytes", equalTo(bundle.length));
        String id = accepted.jsonPath().getString("id");
        assertThat(accepted.header("Location")).endsWith("/api/v1/imports/" + id);

        List<JsonPath> seen = ImportsApi.follow(id, Duration.ofSeconds(60));
        JsonPath last = seen.get(seen.size() - 1);
        assertThat(last.getString("state")).as(last.prettify()).isEqualTo("ACTIVATED");
        assertThat(last.getInt("progress.percent")).isEqualTo(100);
        // EICAR's three digests and one per numbered record: every entry written to the generation.
        assertThat(last.getLong("progress.recordsWritten")).isEqualTo(3003);
        assertThat(last.getString("actor")).isEqualTo("test-operator");
        assertThat(last.getString("origin")).isEqualTo("upload");
        assertThat(last.getString("fileName")).isEqualTo("demo-2.bundle");
        assertThat(last.getLong("sequence")).isEqualTo(2);
        // Progress only ever grows, whatever state the polls caught.
        int percent = 0;
        long records = 0;
        for (JsonPath answer : seen) {
            if (answer.get("progress") != null) {
                assertThat(answer.getInt("progress.percent")).isGreaterThanOrEqualTo(percent);
                assertThat(answer.getLong("progress.recordsWritten")).isGreaterThanOrEqualTo(records);
                percent = answer.getInt("progress.percent");
                records = answer.getLong("progress.recordsWritten");
            }
        }

        // The new records are served at once.
        given().get("/api/v1/files/{hash}", TestBundles.sha256Hex("file-2999"))
                .then()
                .statusCode(200)
                .body("zone", equalTo("RED"))
                .body("source.sequence", equalTo(2));
        // And the import is in the history, under its id, newest first.
        given().header("Authorization", OPERATOR)
                .get("/api/v1/imports?size=5")
                .then()
                .statusCode(200)
                .body("imports[0].id", equalTo(id))
                .body("imports[0].state", equalTo("ACTIVATED"));
        assertThat(history.findByImportId(id).orElseThrow().actor).isEqualTo("test-operator");

        String again = upload(bundle, "demo-2-again.bundle")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath unchanged = last(ImportsApi.follow(again, Duration.ofSeconds(60)));
        assertThat(unchanged.getString("state")).isEqualTo("UNCHANGED");
        assertThat(unchanged.getString("reason")).isEqualTo("already-active");
        assertThat(unchanged.getInt("progress.percent")).isEqualTo(100);
    }

    @Test
    void rejectsATamperedUploadAndQuarantinesItWithItsReason() throws Exception {
        byte[] bundle = ImportsApi.demoSuccessor(dir, 7, 10);
        bundle[bundle.length - 3] ^= 0x01; // a byte of the last part: its digest no longer matches
        String id = upload(bundle, "tampered.bundle")
                .then()
                .statusCode(202)
                .extract()
                .path("id");

        JsonPath rejected = last(ImportsApi.follow(id, Duration.ofSeconds(60)));
        assertThat(rejected.getString("state")).as(rejected.prettify()).isEqualTo("REJECTED");
        String reason = rejected.getString("reason");
        assertThat(reason).isNotBlank();
        assertThat(rejected.getString("detail")).isNotBlank();
        String sha256 = rejected.getString("sha256");
        Optional<Path> reasonFile;
        try (var quarantined = Files.list(directories.quarantine())) {
            reasonFile = quarantined
                    .filter(p -> p.getFileName().toString().endsWith("tampered.bundle.reason"))
                    .filter(p -> read(p).contains(sha256))
                    .findFirst();
        }
        assertThat(reasonFile).isPresent();
        assertThat(Files.readString(reasonFile.get()))
                .contains("reason: " + reason)
                .contains("origin: upload");
        given().get("/api/v1/files/{hash}", TestBundles.sha256Hex("file-9"))
                .then()
                .body("source.sequence", greaterThanOrEqualTo(1));
    }

    @Test
    void refusesAnonymousAndLookupCallersBeforeReadingAByte() throws Exception {
        byte[] body = new byte[4 * 1024 * 1024];
        given().contentType("application/octet-stream")
                .body(body)
                .post("/api/v1/imports")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json");
        given().header("Authorization", LOOKUP)
                .contentType("application/octet-stream")
                .body(body)
                .post("/api/v1/imports")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer not-a-token")
                .contentType("application/octet-stream")
                .body(body)
                .post("/api/v1/imports")
                .then()
                .statusCode(401);
        assertThat(ImportsApi.files(directories.staging())).isEmpty();

        // Seen from the socket: the answer comes while the body has not been sent at all.
        String answer = ImportsApi.exchange(
                "POST /api/v1/imports HTTP/1.1\r\nHost: outpost\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Length: 100000000\r\n\r\n",
                null);
        assertThat(answer).startsWith("HTTP/1.1 401").contains("WWW-Authenticate");
        assertThat(ImportsApi.files(directories.staging())).isEmpty();
    }

    @Test
    void refusesOtherContentTypes() throws Exception {
        given().header("Authorization", OPERATOR)
                .contentType("application/json")
                .body("{}")
                .post("/api/v1/imports")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:unsupported-media-type"));
        String none = ImportsApi.exchange(
                "POST /api/v1/imports HTTP/1.1\r\nHost: outpost\r\nAuthorization: " + OPERATOR
                        + "\r\nContent-Length: 4\r\n\r\n",
                new byte[4]);
        assertThat(none).startsWith("HTTP/1.1 415").contains("application/octet-stream");
    }

    @Test
    void refusesAnOverSizeUploadAndKeepsNothing() throws Exception {
        // Declared too large: refused before a byte is read.
        String declared = ImportsApi.exchange(
                "POST /api/v1/imports HTTP/1.1\r\nHost: outpost\r\nAuthorization: " + OPERATOR
                        + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                        + (ImportsApi.MAX_UPLOAD_BYTES + 1) + "\r\n\r\n",
                null);
        assertThat(declared)
                .startsWith("HTTP/1.1 413")
                .contains("urn:outpost:problem:request-too-large")
                .contains("outpost.imports.max-upload-bytes");
        // Chunked, growing past the cap: cut, and the partial file is gone before the answer.
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/imports HTTP/1.1\r\nHost: outpost\r\nAuthorization: " + OPERATOR
                            + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] data = new byte[1 << 20];
            byte[] chunk = new byte[data.length + 12];
            byte[] size = ("100000\r\n").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(size, 0, chunk, 0, size.length);
            System.arraycopy("\r\n".getBytes(StandardCharsets.US_ASCII), 0, chunk, size.length + data.length, 2);
            int length = size.length + data.length + 2;
            try {
                for (long sent = 0; sent <= ImportsApi.MAX_UPLOAD_BYTES + data.length; sent += data.length) {
                    out.write(chunk, 0, length);
                }
            } catch (java.io.IOException closedByServer) {
                // Expected once the server has answered and closed.
            }
            String cut = ImportsApi.readAnswer(socket.getInputStream());
            assertThat(cut).startsWith("HTTP/1.1 413").contains("urn:outpost:problem:request-too-large");
        }
        assertThat(ImportsApi.files(directories.staging())).isEmpty();
    }

    @Test
    void cutsAStalledUploadAndRefusesAnotherWhileItIsInHand() throws Exception {
        try (Socket stalled = new Socket("127.0.0.1", RestAssured.port)) {
            stalled.setSoTimeout(20_000);
            OutputStream out = stalled.getOutputStream();
            out.write(("POST /api/v1/imports HTTP/1.1\r\nHost: outpost\r\nAuthorization: " + OPERATOR
                            + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\nOUTP")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (ImportsApi.files(directories.staging()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(ImportsApi.files(directories.staging()))
                    .singleElement()
                    .asString()
                    .endsWith(".upload");

            // outpost.imports.max-queued=1: the stalled upload holds the only place.
            upload(new byte[100], "second.bundle")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", notNullValue())
                    .body("type", equalTo("urn:outpost:problem:imports-busy"));

            // outpost.imports.idle-timeout=5s: the stalled upload is cut, its partial file removed.
            String cut = ImportsApi.readAnswer(stalled.getInputStream());
            assertThat(cut).startsWith("HTTP/1.1 408").contains("urn:outpost:problem:request-timeout");
        }
        assertThat(ImportsApi.files(directories.staging())).isEmpty();
        // The place is free again.
        String id = upload(new byte[100], "junk.bundle")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath junk = last(ImportsApi.follow(id, Duration.ofSeconds(30)));
        assertThat(junk.getString("state")).isEqualTo("REJECTED");
    }

    @Test
    void answers404ForAnUnknownId() {
        given().header("Authorization", OPERATOR)
                .get("/api/v1/imports/{id}", "no-such-import")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:not-found"));
    }

    @Test
    void pagesTheHistoryOfEveryOriginNewestFirst() {
        List<String> origins = given().header("Authorization", OPERATOR)
                .get("/api/v1/imports?page=0&size=1000")
                .then()
                .statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(1000))
                .body("total", greaterThanOrEqualTo(1))
                .extract()
                .path("imports.origin");
        assertThat(origins).contains("demo");
        given().header("Authorization", OPERATOR)
                .get("/api/v1/imports?page=0&size=1000")
                .then()
                .body("imports.find { it.origin == 'demo' }.state", equalTo("ACTIVATED"))
                .body("imports.find { it.origin == 'demo' }.actor", equalTo("system"))
                .body("imports.id", hasItem(notNullValue()));
        long total = history.count();
        List<Long> ids = history.page(0, 1000).stream().map(r -> r.id).toList();
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        given().header("Authorization", OPERATOR)
                .get("/api/v1/imports?page=" + total + "&size=1")
                .then()
                .statusCode(200)
                .body("imports.size()", equalTo(0));
        for (String bad : new String[] {"size=0", "size=1001", "page=-1", "page=2147483647&size=2", "size=x"}) {
            given().header("Authorization", OPERATOR)
                    .get("/api/v1/imports?" + bad)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        given().get("/api/v1/imports").then().statusCode(401);
        given().header("Authorization", LOOKUP).get("/api/v1/imports").then().statusCode(403);
    }

    @Test
    void filtersTheHistoryByOutcomeAndOriginAcrossPages() throws Exception {
        byte[] bundle = ImportsApi.demoSuccessor(dir, 9, 10);
        bundle[bundle.length - 3] ^= 0x01;
        String id = upload(bundle, "filtered.bundle")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        assertThat(last(ImportsApi.follow(id, Duration.ofSeconds(60))).getString("state"))
                .isEqualTo("REJECTED");

        JsonPath rejected = given().header("Authorization", OPERATOR)
                .get("/api/v1/imports?outcome=REJECTED&size=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(rejected.getList("imports.state", String.class)).containsOnly("REJECTED");
        assertThat(rejected.getList("imports.id", String.class)).contains(id);
        assertThat(rejected.getLong("total")).isEqualTo(history.countByOutcome("REJECTED"));
        // The filter applies before paging: page 0 of size 1 is the newest rejection, this one.
        given().header("Authorization", OPERATOR)
                .get("/api/v1/imports?outcome=REJECTED&origin=upload&size=1")
                .then()
                .statusCode(200)
                .body("imports.size()", equalTo(1))
                .body("imports[0].id", equalTo(id));
        JsonPath demo = given().header("Authorization", OPERATOR)
                .get("/api/v1/imports?origin=demo&size=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(demo.getList("imports.origin", String.class)).isNotEmpty().containsOnly("demo");
        assertThat(demo.getLong("total")).isEqualTo(demo.getList("imports").size());
        given().header("Authorization", OPERATOR)
                .get("/api/v1/imports?outcome=REJECTED&origin=demo")
                .then()
                .statusCode(200)
                .body("total", equalTo(0))
                .body("imports.size()", equalTo(0));
        for (String bad : new String[] {"outcome=rejected", "outcome=QUEUED", "origin=Upload", "origin=a%20b"}) {
            given().header("Authorization", OPERATOR)
                    .get("/api/v1/imports?" + bad)
                    .then()
                    .statusCode(400)
                    .body("type", equalTo("urn:outpost:problem:invalid-request"));
        }
    }

    private static JsonPath last(List<JsonPath> answers) {
        return answers.get(answers.size() - 1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
