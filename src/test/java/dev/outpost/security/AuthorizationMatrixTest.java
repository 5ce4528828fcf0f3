package dev.outpost.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import dev.outpost.audit.Actor;

/**
 * Every endpoint × every kind of credential gives the status docs/security.md documents (issue 14).
 * The operations come from the OpenAPI document, so an endpoint added without a row in the documented
 * matrix fails here.
 */
@QuarkusTest
class AuthorizationMatrixTest {
    private static final Path DOCUMENT = Path.of("docs", "security.md");
    private static final Pattern ROW = Pattern.compile("^\\| (GET|POST|PUT|PATCH|DELETE) \\| (\\S+) \\| (\\w+) \\|$");
    private static final Map<String, String> SAMPLE_PARAMETERS = Map.of(
            "hash", "44d88612fea8a8f36de82e1278abb02f",
            "sha256", "0".repeat(64),
            "name", "example.com",
            "address", "192.0.2.1",
            "id", "999999999");

    private record Operation(String method, String path) {}

    /** A credential and the role it grants; null role: no valid credential. */
    private record Credential(String label, String token, String role) {}

    @Inject
    ApiTokens tokens;

    private final List<Credential> credentials = new ArrayList<>();

    @BeforeEach
    void credentials() {
        credentials.clear();
        credentials.add(new Credential("no token", null, null));
        credentials.add(new Credential("lookup", "test-lookup-token-not-secret", Roles.LOOKUP));
        credentials.add(new Credential("operator", "test-operator-token-not-secret", Roles.OPERATOR));
        credentials.add(new Credential("admin", "test-admin-token-not-secret", Roles.ADMIN));
        credentials.add(new Credential("submitter", "test-submitter-token-not-secret", Roles.SUBMITTER));
        credentials.add(new Credential("expired", expiredToken(), null));
        credentials.add(new Credential("revoked", revokedToken(), null));
        credentials.add(new Credential("bootstrap after use", usedBootstrapToken(), null));
    }

    @Test
    void theDocumentedMatrixNamesExactlyTheOperationsOfTheApi() throws Exception {
        Set<Operation> documented = documented().keySet();
        Set<Operation> published = published();
        assertThat(sorted(published))
                .as("operations without a row in " + DOCUMENT)
                .isSubsetOf(sorted(documented));
        assertThat(sorted(documented))
                .as("rows in " + DOCUMENT + " for no operation")
                .isSubsetOf(sorted(published));
    }

    @Test
    void everyOperationGivesTheDocumentedStatusToEveryCredential() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Operation, String> row : documented().entrySet()) {
            for (Credential credential : credentials) {
                int status = send(row.getKey(), credential);
                String expected = expected(row.getValue(), credential);
                boolean ok =
                        switch (expected) {
                            case "401" -> status == 401;
                            case "403" -> status == 403;
                            default -> status != 401 && status != 403 && status < 500;
                        };
                if (!ok) {
                    wrong.add(row.getKey().method() + " " + row.getKey().path() + " with " + credential.label()
                            + ": expected " + expected + ", got " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** "401", "403" or "allowed" for a credential on an operation that needs {@code role}. */
    private static String expected(String role, Credential credential) {
        if (credential.token() != null && credential.role() == null) {
            return "401"; // a credential sent must be valid, wherever it is sent
        }
        if (role.equals(Roles.LOOKUP)) {
            // Open lookups (the default): anyone, but a submitter token is valid and not a lookup role:
            // open lookups ignore roles, so it is allowed too.
            return "allowed";
        }
        if (credential.role() == null) {
            return "401";
        }
        return RoleSet.granted(credential.role()).contains(role) ? "allowed" : "403";
    }

    private static int send(Operation operation, Credential credential) {
        RequestSpecification request = given().redirects().follow(false);
        if (credential.token() != null) {
            request.header("Authorization", "Bearer " + credential.token());
        }
        String path = operation.path();
        for (Map.Entry<String, String> parameter : SAMPLE_PARAMETERS.entrySet()) {
            path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
        }
        if (path.contains("{")) {
            throw new AssertionError("no sample value for a parameter of " + operation.path());
        }
        if (operation.method().equals("POST")
                || operation.method().equals("PUT")
                || operation.method().equals("PATCH")) {
            // An empty object: enough to get past authorization and be refused as input.
            request.contentType("application/json").body("{}");
        }
        return request.request(operation.method(), path).statusCode();
    }

    private static Map<Operation, String> documented() throws Exception {
        Map<Operation, String> rows = new LinkedHashMap<>();
        String text = Files.readString(DOCUMENT);
        String table = text.substring(
                text.indexOf("<!-- authorization-matrix:start -->"), text.indexOf("<!-- authorization-matrix:end -->"));
        for (String line : table.split("\n")) {
            Matcher row = ROW.matcher(line.strip());
            if (row.matches()) {
                String role = row.group(3);
                assertThat(RoleSet.isRole(role)).as("role of " + line).isTrue();
                assertThat(rows.put(new Operation(row.group(1), row.group(2)), role))
                        .as("twice: " + line)
                        .isNull();
            }
        }
        assertThat(rows).isNotEmpty();
        return rows;
    }

    private static Set<Operation> published() throws Exception {
        JsonNode openapi = new ObjectMapper()
                .readTree(given().get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        Set<Operation> operations = new java.util.HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                if (Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    operations.add(new Operation(method, path.getKey()));
                }
            }
        }
        return operations;
    }

    private static Set<String> sorted(Set<Operation> operations) {
        Set<String> names = new TreeSet<>();
        operations.forEach(o -> names.add(o.method() + " " + o.path()));
        return names;
    }

    @Transactional
    String expiredToken() {
        ApiTokens.Created created =
                tokens.create("matrix-expired-" + System.nanoTime(), Roles.ADMIN, null, Actor.system(), Instant.now());
        created.row().expiresAt = Instant.now().minusSeconds(1);
        return created.token();
    }

    String revokedToken() {
        ApiTokens.Created created =
                tokens.create("matrix-revoked-" + System.nanoTime(), Roles.ADMIN, null, Actor.system(), Instant.now());
        tokens.revoke(created.row().id, Actor.system(), Instant.now());
        return created.token();
    }

    String usedBootstrapToken() {
        String token = TokenSecrets.newToken();
        tokens.issueBootstrap(TokenSecrets.digestHex(token), "bootstrap@matrix-test", Instant.now());
        tokens.retireBootstrap(Actor.system(), "an admin token was created with it", Instant.now());
        return token;
    }
}
