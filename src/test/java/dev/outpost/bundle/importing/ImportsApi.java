package dev.outpost.bundle.importing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import dev.outpost.bundle.TestBundles;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.Signers;
import dev.outpost.reputation.Category;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.RootSection;

/** What the tests of the imports API share: their application, bundles, and raw HTTP. */
public final class ImportsApi {
    public static final String OPERATOR = "Bearer test-operator-token-not-secret";
    public static final String LOOKUP = "Bearer test-lookup-token-not-secret";
    /** The test application's upload cap: room for the 200 MB streaming test, not much more. */
    public static final long MAX_UPLOAD_BYTES = 256L * 1024 * 1024;

    private ImportsApi() {}

    /**
     * A data directory of its own (these tests activate sequence 2 of the demo dataset, which others
     * expect at 1), one upload in hand at a time, a short idle timeout.
     */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "outpost.data-dir",
                    "target/test-data/imports-api-" + System.nanoTime(),
                    "outpost.imports.max-upload-bytes",
                    String.valueOf(MAX_UPLOAD_BYTES),
                    // Short enough for a stalled-upload test to wait out, long enough that a 200 MB stream
                    // on a loaded 2-core CI machine is not cut mid-way (2s was, twice).
                    "outpost.imports.idle-timeout",
                    "5s",
                    "outpost.imports.max-queued",
                    "1");
        }
    }

    /**
     * A valid successor of the demo bundle: dataset {@code demo}, {@code sequence}, EICAR plus {@code
     * extra} numbered malware records, signed by the demo release key under the demo root (FORMAT.md:
     * the demo private keys are public).
     */
    public static byte[] demoSuccessor(Path dir, long sequence, int extra) throws IOException {
        BundleWriter writer = new BundleWriter();
        writer.add(TestBundles.eicar());
        for (int i = 0; i < extra; i++) {
            writer.add(TestBundles.file(i, Category.MALWARE));
        }
        return Files.readAllBytes(writeDemo(writer, dir.resolve("demo-" + sequence + ".bundle"), sequence));
    }

    /**
     * Writes {@code writer}'s records to {@code file} as dataset {@code demo} at {@code sequence},
     * signed by the demo release key under the demo root (FORMAT.md: the demo private keys are public).
     */
    public static Path writeDemo(BundleWriter writer, Path file, long sequence) throws IOException {
        KeyPair release = new KeyPair(
                KeyFiles.readPublic(Path.of("offline-bundles/keys/demo-release.pub.pem")),
                KeyFiles.readPrivate(Path.of("offline-bundles/keys/demo-release.key.pem")));
        writer.write(
                file,
                "demo",
                sequence,
                TestBundles.CREATED,
                TestBundles.EXPIRES,
                Signers.of(
                        List.of(release),
                        List.of(RootSection.readFile(Path.of("offline-bundles/demo-root-1.signed")))));
        return file;
    }

    /** Polls an import until it has finished; returns every answer seen, the last one finished. */
    public static List<JsonPath> follow(String id, Duration timeout) throws InterruptedException {
        List<JsonPath> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath answer = given().header("Authorization", OPERATOR)
                    .get("/api/v1/imports/{id}", id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.add(answer);
            if (answer.getBoolean("finished")) {
                return seen;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("import " + id + " did not finish within " + timeout + "; last: "
                + seen.get(seen.size() - 1).prettify());
    }

    /** The files in a directory (none if it does not exist). */
    public static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Sends {@code head} (and {@code body}, if any) on a new connection and reads the answer to its end. */
    public static String exchange(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    /** Reads an answer until the server closes the connection or its declared body has arrived. */
    public static String readAnswer(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                String head = text.substring(0, headEnd).toLowerCase();
                int at = head.indexOf("content-length:");
                if (at >= 0) {
                    int lineEnd = head.indexOf("\r\n", at);
                    long length = Long.parseLong(head.substring(at + 15, lineEnd < 0 ? head.length() : lineEnd)
                            .strip());
                    if (text.length() - headEnd - 4 >= length) {
                        break;
                    }
                }
            }
        }
        return text.toString();
    }
}
