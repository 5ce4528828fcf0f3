package dev.outpost.hashlookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The HTTP exchanges a document shows in fenced blocks ({@code ```http}), replayed against a
 * running server and compared with what the document says: the status, the media type, and the body
 * as JSON, field by field with its types (a string is not a number). A block is
 *
 * <pre>
 * METHOD /path?query            (sent as written: nothing is encoded)
 * Header: value                 (any number)
 * {"a": "one-line body"}        (optional)
 *
 * HTTP/1.1 200 OK
 * Content-Type: application/json
 *
 * { the answer, over any number of lines }
 * </pre>
 *
 * {@code $TOKEN} in a header is replaced by the token the test gives.
 */
public final class DocumentedExchanges {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private DocumentedExchanges() {}

    /** One documented exchange; {@code line} is where its block starts, for failure messages. */
    public record Exchange(
            String document,
            int line,
            String method,
            String target,
            Map<String, String> headers,
            String body,
            int status,
            String contentType,
            String answer) {
        @Override
        public String toString() {
            return document + ":" + line + " " + method + " " + target;
        }
    }

    /** The exchanges of the blocks of {@code document} whose fence reads exactly {@code fence}. */
    public static List<Exchange> read(Path document, String fence) throws IOException {
        List<String> lines = Files.readAllLines(document);
        List<Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("```" + fence)) {
                int start = i + 1;
                int end = start;
                while (!lines.get(end).equals("```")) {
                    end++;
                }
                exchanges.add(parse(document.toString(), start, lines.subList(start, end)));
                i = end;
            }
        }
        assertThat(exchanges).as("```" + fence + " blocks in " + document).isNotEmpty();
        return exchanges;
    }

    private static Exchange parse(String document, int line, List<String> block) {
        int i = 0;
        String[] request = block.get(i++).split(" ", 2);
        Map<String, String> headers = new LinkedHashMap<>();
        String body = null;
        while (!block.get(i).isEmpty()) {
            String text = block.get(i++);
            int colon = text.indexOf(": ");
            if (colon > 0 && !text.startsWith("{") && !text.startsWith("[")) {
                headers.put(text.substring(0, colon), text.substring(colon + 2));
            } else {
                body = text;
            }
        }
        i++;
        String statusLine = block.get(i++);
        assertThat(statusLine).as(document + ":" + line).startsWith("HTTP/1.1 ");
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        String contentType = null;
        while (!block.get(i).isEmpty()) {
            String text = block.get(i++);
            if (text.regionMatches(true, 0, "Content-Type: ", 0, 14)) {
                contentType = text.substring(14);
            }
        }
        String answer = String.join("\n", block.subList(i + 1, block.size()));
        return new Exchange(document, line, request[0], request[1], headers, body, status, contentType, answer);
    }

    /** Sends {@code exchange} to the server on {@code port} and asserts the answer is the documented one. */
    public static void replay(Exchange exchange, int port, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + exchange.target()))
                .timeout(Duration.ofSeconds(30))
                .method(
                        exchange.method(),
                        exchange.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(exchange.body()));
        exchange.headers().forEach((name, value) -> request.header(name, value.replace("$TOKEN", token)));
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String what = exchange + " answered " + response.statusCode() + " " + response.body();
        assertThat(response.statusCode()).as(what).isEqualTo(exchange.status());
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as(what)
                .isEqualToIgnoringCase(exchange.contentType());
        JsonNode expected = JSON.readTree(exchange.answer());
        assertThat(JSON.readTree(response.body())).as(what).isEqualTo(expected);
    }
}
