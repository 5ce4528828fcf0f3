package dev.outpost.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Issue 11 item 1: one client opens 1,000 connections that send a POST header and the first bytes
 * of a body, then stall. Another client's lookups and probes keep answering; the slow connections
 * are refused beyond the per-client bound (429) or cut at the body timeout (408), and closed.
 */
@QuarkusTest
@TestProfile(SlowClientTest.ShortBodyTimeout.class)
class SlowClientTest {
    static final int BODY_TIMEOUT_SECONDS = 3;
    static final int PER_CLIENT = 64;
    private static final int SLOW_CONNECTIONS = 1000;
    private static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";

    public static class ShortBodyTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "outpost.http.body-timeout",
                    BODY_TIMEOUT_SECONDS + "s",
                    "outpost.http.max-connections-per-client",
                    String.valueOf(PER_CLIENT));
        }
    }

    @Test
    void slowBodiesNeitherStarveLookupsNorProbesAndAreCut() throws Exception {
        // The attacker uses another loopback address, so that it is another client to the appliance.
        InetAddress attacker = InetAddress.getByName("127.0.0.2");
        List<Socket> slow = new ArrayList<>();
        long opened = System.nanoTime();
        try {
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(attacker, 0));
                socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/files/lookup HTTP/1.1\r\nHost: outpost\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 100000\r\n\r\n{\"hashes\": [\"")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }

            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            String base = "http://127.0.0.1:" + RestAssured.port;
            for (int round = 0; round < 20; round++) {
                HttpResponse<String> lookup = get(client, base + "/api/v1/files/" + EICAR_MD5);
                assertThat(lookup.statusCode()).isEqualTo(200);
                assertThat(lookup.body()).contains("\"zone\":\"RED\"");
                assertThat(get(client, base + "/q/health/live").statusCode()).isEqualTo(200);
                assertThat(get(client, base + "/q/health/ready").statusCode()).isEqualTo(200);
                HttpResponse<String> bulk = client.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/files/lookup"))
                                .timeout(Duration.ofSeconds(2))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"hashes\":[\"" + EICAR_MD5 + "\"]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(bulk.statusCode()).isEqualTo(200);
            }

            int cut = 0;
            int refused = 0;
            for (Socket socket : slow) {
                String answer = readToEnd(socket);
                if (answer.startsWith("HTTP/1.1 408")) {
                    cut++;
                    assertThat(answer).contains("application/problem+json").contains("outpost.http.body-timeout");
                } else if (answer.startsWith("HTTP/1.1 429")) {
                    refused++;
                    assertThat(answer).contains("outpost.http.max-connections-per-client");
                } else {
                    throw new AssertionError("unexpected answer to a slow body: " + answer);
                }
            }
            Duration allClosed = Duration.ofNanos(System.nanoTime() - opened);
            assertThat(cut).isEqualTo(PER_CLIENT);
            assertThat(refused).isEqualTo(SLOW_CONNECTIONS - PER_CLIENT);
            // Every slow connection was closed by the server within the body timeout of its opening
            // (plus the time the 1,000 openings took, and some slack for a busy machine).
            assertThat(allClosed).isLessThan(Duration.ofSeconds(BODY_TIMEOUT_SECONDS + 30));
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /**
     * Stalled bodies that declare the largest size hold memory reservations, not threads: one client
     * gets at most half of the body budget, so another client's bulk lookup is read and answered.
     */
    @Test
    void largeStalledBodiesDoNotKeepOtherClientsBulksWaiting() throws Exception {
        InetAddress attacker = InetAddress.getByName("127.0.0.2");
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(attacker, 0));
                socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
                socket.setSoTimeout(60_000);
                socket.getOutputStream()
                        .write(("POST /api/v1/urls/lookup HTTP/1.1\r\nHost: outpost\r\n"
                                        + "Content-Type: application/json\r\nContent-Length: 20971520\r\n\r\n{")
                                .getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            StringBuilder body = new StringBuilder("{\"urls\":[");
            for (int i = 0; i < 10_000; i++) {
                body.append(i == 0 ? "" : ",")
                        .append("\"http://host-")
                        .append(i)
                        .append(".example/")
                        .append("p".repeat(180))
                        .append('"');
            }
            body.append("]}");
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> bulk = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v1/urls/lookup"))
                            .timeout(Duration.ofSeconds(BODY_TIMEOUT_SECONDS - 1))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bulk.statusCode()).isEqualTo(200);
            for (Socket socket : slow) {
                String answer = readToEnd(socket);
                // Read and cut at the body timeout, or refused after waiting that long for memory.
                assertThat(answer).matches("(?s)HTTP/1\\.1 (408|503) .*");
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Everything the server sends until it closes the connection. */
    private static String readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
