package dev.outpost.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.outpost.io.JsonBody;

/**
 * A body that cannot be read is answered with the shape of the endpoint that was called, not with
 * every endpoint's: each method that reads JSON declares its shape ({@link JsonBody}).
 */
@QuarkusTest
class MalformedBodyTest {
    /** The test profile's operator token (application.properties). */
    private static final String OPERATOR_TOKEN = "test-operator-token-not-secret";

    private static final String HASHES = "{\"hashes\": [...]}";
    private static final String URLS = "{\"urls\": [...]}";
    private static final String ADDRESSES = "{\"addresses\": [...]}";
    private static final String DOMAINS = "{\"domains\": [...]}";
    private static final String LOCAL_VERDICT = "{\"kind\": \"url|domain|ip|file|certificate\", \"value\": \"...\"";
    private static final List<String> SHAPES = List.of(HASHES, URLS, ADDRESSES, DOMAINS, LOCAL_VERDICT);

    /** Every endpoint that takes a JSON body, with the shape its problem must name. */
    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("/api/v1/files/lookup", HASHES),
                Arguments.of("/api/v1/certificates/lookup", HASHES),
                Arguments.of("/api/v1/urls/lookup", URLS),
                Arguments.of("/api/v1/ips/lookup", ADDRESSES),
                Arguments.of("/api/v1/domains/lookup", DOMAINS),
                Arguments.of("/api/v1/local-verdicts", LOCAL_VERDICT));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aBodyThatIsNotJsonNamesTheShapeOfTheEndpointCalled(String path, String shape) {
        post(path, "{\"oops\": [")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:outpost:problem:malformed-request"))
                .body("detail", namesOnly(shape))
                .body("detail", containsString("(line 1, column "));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aBodyOfAnotherShapeNamesTheShapeOfTheEndpointCalled(String path, String shape) {
        post(path, "[\"not\", \"an\", \"object\"]")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:outpost:problem:malformed-request"))
                .body("detail", namesOnly(shape))
                .body("detail", not(containsString("java")))
                .body("detail", not(containsString("dev.outpost")));
    }

    @Test
    void aFieldOfTheWrongTypeNamesTheShapeToo() {
        post("/api/v1/urls/lookup", "{\"urls\": \"http://evil.example/\"}")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:outpost:problem:malformed-request"))
                .body("detail", equalTo("request body must be JSON of the form " + URLS + " (line 1, column 10)"));
    }

    /**
     * A new endpoint cannot forget its shape: every resource method that takes a body parameter (one
     * without a parameter annotation such as {@code @PathParam} or {@code @Context}) declares it.
     */
    @Test
    void everyEndpointThatReadsABodyDeclaresItsShape() throws IOException {
        List<Method> readers = bodyReaders();
        assertThat(readers)
                .as("the resource methods found that read a body")
                .extracting(Method::getName)
                .contains("create");
        assertThat(readers)
                .filteredOn(method -> method.getAnnotation(JsonBody.class) == null)
                .as("resource methods that read a body without declaring its @JsonBody shape")
                .isEmpty();
    }

    /** The operator token is for the local verdicts; the lookups ignore it. */
    private static Response post(String path, String body) {
        return given().header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .contentType("application/json")
                .body(body)
                .post(path);
    }

    /** Names {@code shape} and none of the other endpoints' shapes. */
    private static Matcher<String> namesOnly(String shape) {
        List<Matcher<? super String>> matchers = new ArrayList<>();
        matchers.add(containsString("request body must be JSON of the form " + shape));
        for (String other : SHAPES) {
            if (!other.equals(shape)) {
                matchers.add(not(containsString(other)));
            }
        }
        return allOf(matchers);
    }

    private static List<Method> bodyReaders() throws IOException {
        Path classes = Path.of("target/classes");
        Set<Method> readers = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/outpost"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, MalformedBodyTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (type.getAnnotation(jakarta.ws.rs.Path.class) == null) {
                    continue;
                }
                for (Method method : type.getMethods()) {
                    if (takesBody(method)) {
                        readers.add(method);
                    }
                }
            }
        }
        return new ArrayList<>(readers);
    }

    private static boolean takesBody(Method method) {
        if (method.getAnnotation(POST.class) == null
                && method.getAnnotation(PUT.class) == null
                && method.getAnnotation(PATCH.class) == null) {
            return false;
        }
        for (Parameter parameter : method.getParameters()) {
            if (parameter.getAnnotations().length == 0) {
                return true;
            }
        }
        return false;
    }
}
