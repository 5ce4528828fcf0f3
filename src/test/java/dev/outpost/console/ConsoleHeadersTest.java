package dev.outpost.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every console response, page, script, style, image or miss, carries the strict policy of issue 15:
 * scripts and styles from the appliance only, nothing inline, no eval, never framed (issue 15 "How").
 */
@QuarkusTest
class ConsoleHeadersTest {
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/console",
                "/console/",
                "/console/sign-in",
                "/console/imports",
                "/console/lookup",
                "/console/local-verdicts",
                "/console/tokens",
                "/console/audit",
                "/console/assets/console.js",
                "/console/assets/console.css",
                "/console/assets/icon.svg",
                "/console/assets/pages/overview.js",
                "/console/no-such-page",
                "/console/assets/no-such-file.js"
            })
    void everyConsoleResponseCarriesTheStrictPolicy(String path) {
        Response response = given().redirects().follow(false).get(path);
        assertThat(response.header("Content-Security-Policy")).isEqualTo(POLICY);
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/", "/console/sign-in", "/console/tokens"})
    void pagesAreNeverStoredAndNeedNoCredential(String path) {
        given().get(path)
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void scriptsAndStylesAreRevalidatedNotKeptAsImmutable() {
        // Quarkus's static handler would mark them immutable for a day; an upgrade must reach browsers.
        for (String path : List.of("/console/assets/console.js", "/console/assets/console.css")) {
            given().get(path).then().statusCode(200).header("Cache-Control", equalTo("no-cache"));
        }
        given().get("/console/assets/console.js").then().contentType(containsString("text/javascript"));
    }

    @Test
    void aPageShellHoldsNoDataAndNoInlineScriptOrStyle() {
        String page = given().get("/console/").then().statusCode(200).extract().asString();
        assertThat(page)
                .contains("<script type=\"module\" src=\"/console/assets/pages/overview.js\"></script>")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                .doesNotContain("style=")
                .doesNotContainPattern("\\son[a-z]+=")
                .doesNotContain("<style");
    }

    @Test
    void consoleRoutesAreNotPartOfTheApiDescription() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("/console")));
    }
}
