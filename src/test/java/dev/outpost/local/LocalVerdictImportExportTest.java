package dev.outpost.local;

import static dev.outpost.local.Callers.ADMIN;
import static dev.outpost.local.Callers.OPERATOR;
import static dev.outpost.local.Callers.OPERATOR_2;
import static dev.outpost.local.Callers.SUBMITTER;
import static dev.outpost.local.Callers.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import dev.outpost.audit.AuditActions;

/**
 * Bulk import and export (issue 14): CSV and JSON Lines, all rows or none, every bad row named;
 * a subject that has a verdict is updated if the importer may change it, else its row is an error.
 */
@QuarkusTest
class LocalVerdictImportExportTest {
    private static final String HEADER = "kind,value,verdict,threatName,comment,expiresAt\n";

    @Inject
    LocalVerdicts verdicts;

    @BeforeEach
    @AfterEach
    void clear() {
        Callers.deleteAll();
    }

    private static ValidatableResponse importCsv(String token, String csv) {
        return as(token)
                .contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/local-verdicts/import")
                .then();
    }

    @Test
    void aCsvFileIsImportedWholeAndAgainChangesNothing() {
        String csv = HEADER
                + "domain,imported.example,MALWARE,Trojan.Imported,\"ticket 1, see \"\"notes\"\"\",\n"
                + "url,http://imported.example/phish/,PHISHING,,,2099-01-01T00:00:00Z\n"
                + "ip,198.51.100.0/24,CLEAN,,,\n";
        try (AuditLines audit = AuditLines.capture()) {
            importCsv(OPERATOR, csv)
                    .statusCode(200)
                    .body("format", equalTo("csv"))
                    .body("rows", equalTo(3))
                    .body("created", equalTo(3))
                    .body("updated", equalTo(0));
            assertThat(audit.of(AuditActions.LOCAL_VERDICTS_IMPORTED))
                    .singleElement()
                    .asString()
                    .contains("test-operator", "created", "sha256");
        }
        given().get("/api/v1/domains/{name}", "www.imported.example")
                .then()
                .body("zone", equalTo("RED"))
                .body("threatName", equalTo("Trojan.Imported"))
                .body("source.createdBy", equalTo("test-operator"));
        as(OPERATOR)
                .get("/api/v1/local-verdicts?kind=domain")
                .then()
                .body("[0].comment", equalTo("ticket 1, see \"notes\""));
        importCsv(OPERATOR, csv).statusCode(200).body("created", equalTo(0)).body("unchanged", equalTo(3));
    }

    @Test
    void jsonLinesAreImportedToo() {
        String jsonl = "{\"kind\":\"file\",\"value\":\"" + "AB".repeat(32) + "\",\"verdict\":\"MALWARE\"}\n"
                + "{\"kind\":\"certificate\",\"value\":\"" + "cd".repeat(32) + "\",\"verdict\":\"TRUSTED\","
                + "\"comment\":null}\n";
        as(OPERATOR)
                .contentType("application/x-ndjson")
                .body(jsonl.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/local-verdicts/import")
                .then()
                .statusCode(200)
                .body("format", equalTo("jsonl"))
                .body("created", equalTo(2));
        given().get("/api/v1/files/{hash}", "ab".repeat(32)).then().body("zone", equalTo("RED"));
    }

    @Test
    void oneBadRowRejectsTheWholeFileAndEveryBadRowIsNamed() {
        String csv = HEADER
                + "domain,good.example,MALWARE,,,\n"
                + "domain,http://bad.example/path,MALWARE,,,\n"
                + "domain,good2.example,EVIL,,,\n"
                + "ip,10.1.2.3/8,MALWARE,,,\n"
                + "domain,good3.example,MALWARE,,,next tuesday\n";
        importCsv(OPERATOR, csv)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:outpost:problem:invalid-import"))
                .body("detail", equalTo("4 rows are invalid (of 5 read); nothing was imported"))
                .body("errorCount", equalTo(4))
                .body("errorsNotListed", equalTo(0))
                .body("errors.row", equalTo(List.of(3, 4, 5, 6)))
                .body("errors[0].type", equalTo("invalid-domain"))
                .body("errors[1].detail", containsString("verdict: must be one of"))
                .body("errors[2].type", equalTo("invalid-ip"))
                .body("errors[3].detail", containsString("expiresAt"));
        assertThat(verdicts.count()).isZero();
        given().get("/api/v1/domains/{name}", "good.example").then().body("zone", equalTo("GREY"));
    }

    @Test
    void aSubjectWithAVerdictIsUpdatedIfTheImporterMayChangeItElseItsRowIsAnError() {
        int alices = as(OPERATOR)
                .body(Map.of("kind", "domain", "value", "owned.example", "verdict", "MALWARE"))
                .post("/api/v1/local-verdicts")
                .then()
                .extract()
                .path("id");
        int machines = as(SUBMITTER)
                .body(Map.of(
                        "items", List.of(Map.of("kind", "domain", "value", "machine.example", "verdict", "MALWARE"))))
                .post("/api/v1/local-verdicts/submissions")
                .then()
                .extract()
                .path("results[0].id");
        String csv = HEADER
                + "domain,new.example,MALWARE,,,\n"
                + "domain,owned.example,CLEAN,,,\n"
                + "domain,machine.example,CLEAN,,,\n";
        // Another operator: the owned row is an error, so nothing is applied, not even the new row.
        importCsv(OPERATOR_2, csv)
                .statusCode(400)
                .body("errors", hasSize(1))
                .body("errors[0].row", equalTo(3))
                .body("errors[0].type", equalTo("local-verdict-not-yours"))
                .body("errors[0].detail", containsString("(id " + alices + ") and is test-operator's"));
        assertThat(verdicts.count()).isEqualTo(2);
        // The same rows that change nothing are no error, whoever owns them.
        importCsv(OPERATOR_2, HEADER + "domain,owned.example,MALWARE,,,\n")
                .statusCode(200)
                .body("unchanged", equalTo(1));
        // The owner: updated in place; the machine's verdict becomes the owner's.
        importCsv(OPERATOR, csv).statusCode(200).body("created", equalTo(1)).body("updated", equalTo(2));
        as(OPERATOR).get("/api/v1/local-verdicts/" + alices).then().body("verdict", equalTo("CLEAN"));
        as(OPERATOR)
                .get("/api/v1/local-verdicts/" + machines)
                .then()
                .body("verdict", equalTo("CLEAN"))
                .body("origin", equalTo("operator"))
                .body("owner", equalTo("test-operator"));
        // An admin may change anyone's.
        importCsv(ADMIN, HEADER + "domain,owned.example,PHISHING,,,\n")
                .statusCode(200)
                .body("updated", equalTo(1));
    }

    @Test
    void otherFormatsAreRefusedWithTheAcceptedOnesNamed() {
        as(OPERATOR)
                .contentType("application/json")
                .body("[]")
                .post("/api/v1/local-verdicts/import")
                .then()
                .statusCode(415)
                .body("type", equalTo("urn:outpost:problem:unsupported-media-type"))
                .body("detail", containsString("text/csv or application/x-ndjson"));
        as(OPERATOR).get("/api/v1/local-verdicts/export?format=xml").then().statusCode(400);
        importCsv(OPERATOR, HEADER).statusCode(400).body("detail", equalTo("the file holds no local verdicts"));
    }

    @Test
    void anExportImportsAgainAsItIsInBothFormats() throws Exception {
        String csv = HEADER
                + "domain,round.example,MALWARE,Trojan.Round,\"a, \"\"quoted\"\"\nnote\",2099-01-01T00:00:00Z\n"
                + "ip,2001:db8::/48,CLEAN,,,\n";
        importCsv(OPERATOR, csv).statusCode(200);
        String exported = as(OPERATOR)
                .get("/api/v1/local-verdicts/export?format=csv")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("local-verdicts.csv"))
                .extract()
                .asString();
        assertThat(exported)
                .startsWith("kind,value,verdict,threatName,comment,expiresAt,expired,id,zone,origin,owner,createdBy,"
                        + "createdAt,updatedBy,updatedAt,revision\r\n")
                .contains(
                        "domain,round.example,MALWARE,Trojan.Round,\"a, \"\"quoted\"\"\nnote\",2099-01-01T00:00:00Z,false,");
        String jsonl = as(OPERATOR)
                .get("/api/v1/local-verdicts/export?format=jsonl")
                .then()
                .statusCode(200)
                .contentType(containsString("application/x-ndjson"))
                .extract()
                .asString();
        List<String> lines = jsonl.lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("value").asText()).isEqualTo("round.example");
        assertThat(first.get("expired").isBoolean()).isTrue();
        assertThat(first.get("id").isNumber()).isTrue();

        Callers.deleteAll();
        importCsv(OPERATOR, exported).statusCode(200).body("created", equalTo(2));
        Callers.deleteAll();
        as(OPERATOR)
                .contentType("application/x-ndjson")
                .body(jsonl.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/local-verdicts/import")
                .then()
                .statusCode(200)
                .body("created", equalTo(2));
        as(OPERATOR)
                .get("/api/v1/local-verdicts?kind=domain")
                .then()
                .body("[0].comment", equalTo("a, \"quoted\"\nnote"))
                .body("[0].expiresAt", equalTo("2099-01-01T00:00:00Z"));
    }

    @Test
    void anExportLargerThanOneBatchHasEveryVerdictOnce() {
        StringBuilder csv = new StringBuilder(HEADER);
        int count = LocalVerdictExport.BATCH * 2 + 345;
        for (int i = 0; i < count; i++) {
            csv.append("domain,d").append(i).append(".bulk.example,MALWARE,,,\n");
        }
        importCsv(OPERATOR, csv.toString()).statusCode(200).body("created", equalTo(count));
        String exported = as(OPERATOR)
                .get("/api/v1/local-verdicts/export?format=csv&state=active")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        List<String> rows = exported.lines().skip(1).toList();
        assertThat(rows).hasSize(count);
        assertThat(rows.stream().map(row -> row.split(",")[1]).distinct().count())
                .isEqualTo(count);
        as(OPERATOR)
                .get("/api/v1/local-verdicts/export?format=csv&state=expired")
                .then()
                .statusCode(200)
                .body(equalTo(String.join(",", VerdictFile.COLUMNS) + "," + String.join(",", VerdictFile.INFORMATIONAL)
                        + "\r\n"));
        // Thousands of deletes through the API would take minutes: straight from the table.
        deleteAllRows();
        verdicts.reload();
    }

    @jakarta.transaction.Transactional
    void deleteAllRows() {
        verdicts.deleteAll();
    }
}
