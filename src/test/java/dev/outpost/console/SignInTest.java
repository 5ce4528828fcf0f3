package dev.outpost.console;

import static dev.outpost.console.ConsoleBrowser.open;
import static dev.outpost.console.ConsoleBrowser.screenshot;
import static dev.outpost.console.ConsoleBrowser.signIn;
import static dev.outpost.console.ConsoleBrowser.waitReady;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.Page;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Signing in and out of the console, roles, and the session's limits, in Chromium (issue 15). */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class SignInTest {
    static final String OPERATOR = "test-operator-token-not-secret";
    static final String ADMIN = "test-admin-token-not-secret";
    static final String LOOKUP = "test-lookup-token-not-secret";
    static final String SUBMITTER = "test-submitter-token-not-secret";

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    /** Creates an API token through the admin API; answers the creation's JSON (with the token). */
    private static String createToken(String request) {
        return given().header("Authorization", "Bearer " + ADMIN)
                .contentType("application/json")
                .body(request)
                .post("/api/v1/admin/tokens")
                .then()
                .statusCode(201)
                .extract()
                .asString();
    }

    private static List<String> navigation(Page page) {
        return page.locator("#nav li:not([hidden]) a").allTextContents();
    }

    @Test
    void anOperatorSignsInToTheOverviewAndSeesTheOperatorsPages() {
        Page page = browser.page();
        page.navigate("/console/sign-in");
        waitReady(page);
        screenshot(page, "sign-in");
        signIn(page, OPERATOR);
        assertThat(page.url()).endsWith("/console/");
        assertThat(navigation(page)).containsExactly("Overview", "Imports", "Lookup", "Local verdicts");
        assertThat(page.textContent("#who-name")).isEqualTo("test-operator");
        assertThat(page.textContent("#who-role")).isEqualTo("operator");
    }

    @Test
    void anAdministratorAlsoSeesTokensAndAudit() {
        Page page = browser.page();
        signIn(page, ADMIN);
        assertThat(navigation(page))
                .containsExactly("Overview", "Imports", "Lookup", "Local verdicts", "Tokens", "Audit");
    }

    @Test
    void aLookupTokenSeesOnlyTheLookupPage() {
        Page page = browser.page();
        signIn(page, LOOKUP);
        assertThat(page.url()).endsWith("/console/lookup");
        assertThat(navigation(page)).containsExactly("Lookup");
        open(page, "/console/imports");
        assertThat(page.textContent("#not-for-role"))
                .contains("for the operator role")
                .contains("lookup role");
    }

    @Test
    void aSubmitterTokenAndAWrongTokenAreRefusedWithAReason() {
        browser.allowConsoleError("status of 401");
        Page page = browser.page();
        page.navigate("/console/sign-in");
        waitReady(page);
        page.fill("#token", SUBMITTER);
        page.press("#token", "Enter");
        page.waitForSelector("#sign-in-error:not([hidden])");
        assertThat(page.textContent("#sign-in-error")).contains("cannot use the console");

        page.fill("#token", "opt_not-a-token-of-this-appliance");
        page.press("#token", "Enter");
        page.waitForFunction("() => document.querySelector('#sign-in-error').textContent.includes('not accepted')");
        assertThat(page.url()).contains("/console/sign-in");
        assertThat(page.evaluate("() => sessionStorage.length")).isEqualTo(0);
    }

    @Test
    void withoutASessionEveryPageLeadsToSignInAndBack() {
        Page page = browser.page();
        page.navigate("/console/local-verdicts");
        page.waitForURL("**/console/sign-in?**");
        waitReady(page);
        assertThat(page.textContent("#sign-in-reason")).contains("Sign in to use the console");
        page.fill("#token", OPERATOR);
        page.press("#token", "Enter");
        page.waitForURL("**/console/local-verdicts");
        waitReady(page);
    }

    @Test
    void signInReturnsOnlyToAConsolePageOfThisAppliance() {
        for (String next : List.of(
                "//evil.example/",
                "https://evil.example/console/",
                "/console/../q/openapi",
                "/console//evil.example",
                "javascript:alert(1)",
                "/console/sign-in?next=//evil.example")) {
            Page page = browser.page();
            page.navigate("/console/sign-in?next="
                    + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
            waitReady(page);
            page.fill("#token", OPERATOR);
            page.press("#token", "Enter");
            page.waitForURL(url -> !url.contains("/console/sign-in"));
            waitReady(page);
            assertThat(page.url()).as(next).isEqualTo(ConsoleBrowser.origin() + "/console/");
            page.close();
        }
        // A search with a space (written as +) is returned to as it was.
        Page page = browser.page();
        page.navigate("/console/sign-in?next="
                + java.net.URLEncoder.encode(
                        "/console/local-verdicts?q=ticket+4711", java.nio.charset.StandardCharsets.UTF_8));
        waitReady(page);
        page.fill("#token", OPERATOR);
        page.press("#token", "Enter");
        page.waitForURL("**/console/local-verdicts?q=ticket+4711");
        waitReady(page);
    }

    @Test
    void theTokenFieldHasNoNameAndTheFormCannotSendItBeforeItsScriptRuns() {
        Page page = browser.page();
        open(page, "/console/sign-in");
        assertThat(page.getAttribute("#token", "name")).isNull();
        assertThat(page.getAttribute("#sign-in", "method")).isEqualTo("post");
        // As served (before any script), the button is disabled.
        String served =
                given().get("/console/sign-in").then().statusCode(200).extract().asString();
        assertThat(served).contains("<button type=\"submit\" disabled>Sign in</button>");
        assertThat(page.isEnabled("#sign-in button[type=submit]")).isTrue();
    }

    @Test
    void theTokenIsKeptInTheTabsSessionStorageOnlyAndForgottenOnSignOut() {
        Page page = browser.page();
        signIn(page, OPERATOR);
        assertThat(page.evaluate("() => localStorage.length")).isEqualTo(0);
        assertThat((String) page.evaluate("() => sessionStorage.getItem('outpost.console.session')"))
                .contains(OPERATOR);
        assertThat(page.context().cookies()).isEmpty();
        page.click("#sign-out");
        page.waitForURL("**/console/sign-in?reason=signed-out");
        waitReady(page);
        assertThat(page.evaluate("() => sessionStorage.length")).isEqualTo(0);
        assertThat(page.textContent("#sign-in-reason")).contains("You signed out");
    }

    @Test
    void anIdleSessionEnds() {
        Page page = browser.page();
        signIn(page, OPERATOR);
        page.evaluate("() => { const s = JSON.parse(sessionStorage.getItem('outpost.console.session'));"
                + " s.lastActive = Date.now() - 901000; sessionStorage.setItem('outpost.console.session',"
                + " JSON.stringify(s)); }");
        page.navigate("/console/imports");
        page.waitForURL("**/console/sign-in?reason=idle**");
        waitReady(page);
        assertThat(page.textContent("#sign-in-reason")).contains("without activity");
        assertThat(page.evaluate("() => sessionStorage.length")).isEqualTo(0);
    }

    @Test
    void aTokenRevokedDuringTheSessionSignsTheConsoleOut() {
        browser.allowConsoleError("status of 401");
        String body = createToken("{\"name\":\"console-revoked-" + System.nanoTime() + "\",\"role\":\"operator\"}");
        String token = io.restassured.path.json.JsonPath.from(body).getString("token");
        long id = io.restassured.path.json.JsonPath.from(body).getLong("id");
        Page page = browser.page();
        signIn(page, token);
        given().header("Authorization", "Bearer " + ADMIN)
                .delete("/api/v1/admin/tokens/" + id)
                .then()
                .statusCode(204);
        page.navigate("/console/local-verdicts");
        page.waitForURL("**/console/sign-in?reason=rejected**");
        waitReady(page);
        assertThat(page.textContent("#sign-in-reason")).contains("no longer accepts your token");
    }

    @Test
    void aTokenThatExpiresDuringTheSessionSignsTheConsoleOutAndSaysSo() {
        String expiresAt = java.time.Instant.now().plusSeconds(4).toString();
        String body = createToken("{\"name\":\"console-expiring-" + System.nanoTime()
                + "\",\"role\":\"operator\",\"expiresAt\":\"" + expiresAt + "\"}");
        Page page = browser.page();
        signIn(page, io.restassured.path.json.JsonPath.from(body).getString("token"));
        page.waitForTimeout(4500);
        page.navigate("/console/imports");
        page.waitForURL("**/console/sign-in?reason=expired**");
        waitReady(page);
        assertThat(page.textContent("#sign-in-reason")).contains("Your token has expired");
        assertThat(page.evaluate("() => sessionStorage.length")).isEqualTo(0);
    }

    @Test
    void theKeyboardAloneSignsIn() {
        Page page = browser.page();
        page.navigate("/console/sign-in");
        waitReady(page);
        // The token field has focus on arrival; Tab from the skip link reaches it too.
        page.keyboard().type(OPERATOR);
        page.keyboard().press("Enter");
        page.waitForURL("**/console/");
        waitReady(page);
        page.keyboard().press("Tab");
        assertThat(page.evaluate("() => document.activeElement.textContent")).isEqualTo("Skip to content");
    }
}
