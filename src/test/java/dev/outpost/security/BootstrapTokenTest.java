package dev.outpost.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.outpost.config.DataDirectory;

/**
 * No default credentials (issue 14): a first start with no admin token writes a one-time admin token
 * to the data directory, owner-only, alone on one line; it works until an admin token is created
 * with it, and then neither it nor its file is left.
 */
@QuarkusTest
@TestProfile(BootstrapTokenTest.NoAdmin.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootstrapTokenTest {
    public static class NoAdmin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "outpost.data-dir",
                    "target/test-data/bootstrap-" + System.nanoTime(),
                    // Configured tokens, but no admin among them: the appliance has no administrator yet.
                    "outpost.security.tokens",
                    "test-lookup:lookup:66efaaed326be2c765e5ff961353dbe9b656f5630e6ac6b1f1f359c15cd45622");
        }
    }

    @Inject
    DataDirectory directories;

    @Inject
    BootstrapToken bootstrap;

    private String bootstrapToken() throws Exception {
        return Files.readString(directories.bootstrapToken()).strip();
    }

    @Test
    @Order(1)
    void theFirstStartWritesAOneTimeAdminTokenReadableOnlyByItsUser() throws Exception {
        Path file = directories.bootstrapToken();
        assertThat(file.getFileName().toString()).contains("bootstrap");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("opt_").hasSize(4 + 43);

        given().header("Authorization", "Bearer " + lines.get(0))
                .get("/api/v1/admin/tokens")
                .then()
                .statusCode(200)
                .body("find { it.bootstrap }.state", equalTo("active"));
    }

    @Test
    @Order(2)
    void aRestartKeepsTheSameBootstrapToken() throws Exception {
        String before = bootstrapToken();
        bootstrap.ensure(Instant.now());
        assertThat(bootstrapToken()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void itKeepsWorkingWhileItCreatesOtherTokens() throws Exception {
        String token = bootstrapToken();
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body(Map.of("name", "first-operator", "role", "operator"))
                .post("/api/v1/admin/tokens")
                .then()
                .statusCode(201);
        given().header("Authorization", "Bearer " + token)
                .get("/api/v1/admin/tokens")
                .then()
                .statusCode(200);
    }

    @Test
    @Order(4)
    void itStopsWorkingOnceAnAdminTokenIsCreatedWithIt() throws Exception {
        String token = bootstrapToken();
        String admin = given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body(Map.of("name", "first-admin", "role", "admin"))
                .post("/api/v1/admin/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");

        assertThat(directories.bootstrapToken()).doesNotExist();
        TokenResourceTest.problem(
                given().header("Authorization", "Bearer " + token).get("/api/v1/admin/tokens"), 401, "unauthorized");
        given().header("Authorization", "Bearer " + admin)
                .get("/api/v1/admin/tokens")
                .then()
                .statusCode(200)
                .body("find { it.bootstrap }.state", equalTo("revoked"))
                .body("find { it.bootstrap }.revokedBy", equalTo("bootstrap"));

        // A later start finds an admin token: no new bootstrap token.
        bootstrap.ensure(Instant.now());
        assertThat(directories.bootstrapToken()).doesNotExist();
    }
}
