package dev.outpost.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** The admin API of the audit log: who may read it, its pages and filters, and verify's answer. */
@QuarkusTest
class AuditResourceTest {
    private static final String ADMIN = "test-admin-token-not-secret";
    private static final String OPERATOR = "test-operator-token-not-secret";

    @Inject
    AuditLog log;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void aSmallChain() throws SQLException {
        execute("delete from audit_entry");
        execute("delete from audit_head");
        execute("insert into audit_head (id, last_seq, last_hash) values (1, 0, '" + AuditCanonical.GENESIS + "')");
        log.record(Actor.system(), AuditActions.CONFIGURATION_CHANGED, null, Map.of("keys", "3"));
        log.record(new Actor("alice", "192.0.2.1"), AuditActions.LOCAL_VERDICT_CREATED, "7", Map.of("kind", "domain"));
        log.record(new Actor("bob", "192.0.2.2"), AuditActions.LOCAL_VERDICT_DELETED, "7", Map.of());
        log.record(new Actor("alice", "192.0.2.1"), AuditActions.TOKEN_CREATED, "token:3", Map.of("role", "lookup"));
    }

    @Test
    void readingTheLogNeedsAnAdminToken() {
        for (String path : List.of("/api/v1/admin/audit", "/api/v1/admin/audit/verify")) {
            given().get(path)
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"))
                    .contentType("application/problem+json");
            as(OPERATOR).get(path).then().statusCode(403).contentType("application/problem+json");
            as(ADMIN).get(path).then().statusCode(200);
        }
    }

    @Test
    void pagesAreNewestFirstAndFilterByActionActorAndTime() {
        as(ADMIN)
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200)
                .body("seq", equalTo(List.of(4, 3, 2, 1)))
                .body("[3].actor", equalTo("system"))
                .body("[3].address", nullValue())
                .body("[3].prevHash", equalTo(AuditCanonical.GENESIS))
                .body("[2].details.kind", equalTo("domain"))
                .body("[0].target", equalTo("token:3"));
        as(ADMIN)
                .queryParam("size", 2)
                .queryParam("page", 1)
                .get("/api/v1/admin/audit")
                .then()
                .body("seq", equalTo(List.of(2, 1)));
        as(ADMIN).queryParam("actor", "alice").get("/api/v1/admin/audit").then().body("seq", equalTo(List.of(4, 2)));
        as(ADMIN)
                .queryParam("action", "local-verdict.deleted")
                .get("/api/v1/admin/audit")
                .then()
                .body("seq", equalTo(List.of(3)));
        as(ADMIN)
                .queryParam("since", "2000-01-01T00:00:00Z")
                .queryParam("until", "2000-01-02T00:00:00Z")
                .get("/api/v1/admin/audit")
                .then()
                .body("$", hasSize(0));
        as(ADMIN)
                .queryParam("since", "2000-01-01T00:00:00Z")
                .get("/api/v1/admin/audit")
                .then()
                .body("$", hasSize(4));
    }

    @Test
    void badPagesAndTimesAreProblems() {
        as(ADMIN)
                .queryParam("size", 1001)
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        as(ADMIN)
                .queryParam("since", "yesterday")
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("ISO-8601"));
    }

    @Test
    void verifyAnswersValidOrTheFirstBrokenEntry() throws SQLException {
        String head = as(ADMIN)
                .get("/api/v1/admin/audit/verify")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true))
                .body("entries", equalTo(4))
                .body("head.seq", equalTo(4))
                .body("firstBroken", nullValue())
                .extract()
                .path("head.hash");
        assertThat(head).hasSize(64);

        execute("update audit_entry set actor = 'mallory' where seq = 2");
        as(ADMIN)
                .get("/api/v1/admin/audit/verify")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("entries", equalTo(4))
                .body("firstBroken.seq", equalTo(2))
                .body("firstBroken.reason", equalTo("content-altered"))
                .body("head", nullValue());
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
