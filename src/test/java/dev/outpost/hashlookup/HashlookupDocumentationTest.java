package dev.outpost.hashlookup;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Every exchange docs/hashlookup.md shows, replayed against the demo dataset: the documented status,
 * media type and body, field by field with its types (CIRCL's scalars are strings, its trust an
 * integer).
 */
@QuarkusTest
class HashlookupDocumentationTest {
    static final Path DOCUMENT = Path.of("docs", "hashlookup.md");

    static List<DocumentedExchanges.Exchange> exchanges() throws Exception {
        return DocumentedExchanges.read(DOCUMENT, "http");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void answersAsDocumented(DocumentedExchanges.Exchange exchange) throws Exception {
        DocumentedExchanges.replay(exchange, RestAssured.port, "");
    }
}
