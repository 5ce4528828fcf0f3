package dev.outpost.stats;

import static io.restassured.RestAssured.given;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** What the statistics tests share: tokens, reading a report's cells, raw requests, dumps and markers. */
final class Api {
    static final String OPERATOR = "test-operator-token-not-secret";
    static final String ADMIN = "test-admin-token-not-secret";
    static final String LOOKUP = "test-lookup-token-not-secret";

    static final String EICAR_SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
    static final String ISRG_ROOT_X1 = "96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Api() {}

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    static JsonPath stats(String query) {
        return as(OPERATOR)
                .get("/api/v1/stats" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** One kind/zone/source count of a window's totals (0 when absent). */
    static long cell(JsonPath report, String window, String kind, String zone, String source) {
        List<Map<String, Object>> cells = report.getList(window + ".totals.cells");
        for (Map<String, Object> cell : cells) {
            if (kind.equals(cell.get("kind")) && zone.equals(cell.get("zone")) && source.equals(cell.get("source"))) {
                return ((Number) cell.get("lookups")).longValue();
            }
        }
        return 0;
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** An IPv6 group as its canonical text writes it: four hex digits, no leading zero. */
    static String randomGroup() {
        return Integer.toHexString(0x1000 + RANDOM.nextInt(0xf000));
    }

    /** An address in 127.0.0.0/8 other than 127.0.0.1: Linux answers on all of them, so a test can be its own client. */
    static String randomLoopbackClient() {
        return "127." + (10 + RANDOM.nextInt(200)) + "." + (10 + RANDOM.nextInt(200)) + "."
                + (10 + RANDOM.nextInt(200));
    }

    /** A GET from {@code client} on a socket of its own; answers the status line. */
    static String getFrom(String client, String pathAndQuery, Map<String, String> headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(client), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\n");
            headers.forEach((name, value) ->
                    request.append(name).append(": ").append(value).append("\r\n"));
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            return text.substring(0, Math.max(0, text.indexOf("\r\n")));
        }
    }

    /** Every statement H2 would need to rebuild the database: its tables and every row. */
    static String dumpH2(DataSource database) throws SQLException {
        StringBuilder dump = new StringBuilder();
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SCRIPT")) {
            while (result.next()) {
                dump.append(result.getString(1)).append('\n');
            }
        }
        return dump.toString();
    }

    /** Files under {@code root} whose bytes contain {@code needle}. */
    static List<Path> filesContaining(Path root, byte[] needle) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (IOException e) {
                    continue; // A file removed while walking (a RocksDB log rolled over).
                }
                if (indexOf(bytes, needle) >= 0) {
                    found.add(file);
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
