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

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The tokens page (admin): a token created and shown once, copied, used, revoked (issue 15). */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class TokensPageTest {
    static final String ADMIN = "test-admin-token-not-secret";
    static final String OPERATOR = "test-operator-token-not-secret";

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    private static Locator row(Page page, String name) {
        return page.locator("#tokens tbody tr[data-name='" + name + "']");
    }

    private static void create(Page page, String name, String role) {
        page.fill("#token-name", name);
        page.selectOption("#token-role", role);
        page.click("#create-token button[type=submit]");
    }

    @Test
    void anAdminCreatesATokenSeesItOnceCopiesItUsesItAndRevokesIt() {
        browser.allowConsoleError("status of 409");
        browser.allowConsoleError("status of 401");
        String name = "console-tokens-" + System.nanoTime();
        Page page = browser.page();
        page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        signIn(page, ADMIN);
        open(page, "/console/tokens");
        assertThat(page.isVisible("#created")).isFalse();
        screenshot(page, "tokens");

        create(page, name, "operator");
        page.waitForSelector("#created:not([hidden])");
        String token = page.inputValue("#new-token");
        assertThat(token).startsWith("opt_").hasSizeGreaterThan(40);
        assertThat(page.textContent("#once-warning")).contains("will not be shown again");
        assertThat(page.textContent("#created-heading")).contains(name).contains("operator");
        row(page, name).waitFor();
        screenshot(page, "tokens-created");

        page.click("#copy-token");
        page.waitForFunction("() => document.querySelector('#copy-status').textContent.includes('Copied')");
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(token);

        // The list shows the new token, never its value (the API has none to give).
        Locator created = row(page, name);
        assertThat(created.locator("td").allTextContents())
                .startsWith(name, "operator", "active")
                .contains("test-admin", "never");
        assertThat(page.textContent("#tokens-list")).doesNotContain(token);

        // A second tab of the same browser has its own sessionStorage: not signed in there.
        Page other = browser.page();
        other.navigate("/console/tokens");
        other.waitForURL("**/console/sign-in?**");
        waitReady(other);
        signIn(other, token);
        assertThat(other.textContent("#who-name")).isEqualTo(name);
        assertThat(other.textContent("#who-role")).isEqualTo("operator");

        // Creating another token takes the shown one off the page first; a taken name is said in words.
        create(page, name, "lookup");
        page.waitForSelector("#create-error:not([hidden])");
        assertThat(page.textContent("#create-error")).contains("already named '" + name + "'");
        assertThat(page.isVisible("#created")).isFalse();
        assertThat(page.inputValue("#new-token")).isEmpty();

        // Revoking asks in the page first; Cancel leaves the token alone.
        created.locator("button.revoke").click();
        assertThat(page.evaluate("() => document.activeElement.textContent")).isEqualTo("Yes, revoke");
        assertThat(created.textContent()).contains("Revoke " + name + "?");
        created.locator("text=Cancel").click();
        assertThat(created.getAttribute("data-state")).isEqualTo("active");
        created.locator("button.revoke").click();
        created.locator("text=Yes, revoke").click();
        page.waitForSelector("#tokens tbody tr[data-name='" + name + "'][data-state=revoked]");
        assertThat(row(page, name).locator("td").allTextContents())
                .contains("revoked")
                .anyMatch(text -> text.endsWith("by test-admin"));
        assertThat(page.textContent("#list-status")).contains(name + " was revoked");
        assertThat(row(page, name).locator("button").count()).isZero();

        page.selectOption("#state-filter", "revoked");
        assertThat(page.locator("#tokens tbody tr[data-state=active]").count()).isZero();
        assertThat(row(page, name).isVisible()).isTrue();
        page.selectOption("#state-filter", "active");
        assertThat(row(page, name).count()).isZero();

        // The revoked token no longer opens the console: the open tab is signed out, and signing in is refused.
        other.navigate("/console/");
        other.waitForURL("**/console/sign-in?reason=rejected**");
        waitReady(other);
        other.fill("#token", token);
        other.press("#token", "Enter");
        other.waitForFunction("() => document.querySelector('#sign-in-error').textContent.includes('not accepted')");
    }

    @Test
    void aBadNameOrAPastExpiryIsRefusedInWords() {
        Page page = browser.page();
        signIn(page, ADMIN);
        open(page, "/console/tokens");
        create(page, "has spaces", "lookup");
        assertThat(page.textContent("#create-error")).contains("1 to 64 letters");
        page.fill("#token-expiry", "2001-01-01T00:00");
        create(page, "console-expired-" + System.nanoTime(), "lookup");
        assertThat(page.textContent("#create-error")).contains("must be in the future");
        assertThat(page.isVisible("#created")).isFalse();
    }

    @Test
    void aTokenWithAnExpiryListsIt() {
        String name = "console-expiring-" + System.nanoTime();
        Page page = browser.page();
        signIn(page, ADMIN);
        open(page, "/console/tokens");
        page.fill("#token-expiry", "2099-06-15T12:00");
        create(page, name, "lookup");
        page.waitForSelector("#created:not([hidden])");
        row(page, name).waitFor();
        String expiresAt = JsonPath.from(given().header("Authorization", "Bearer " + ADMIN)
                        .get("/api/v1/admin/tokens")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .getString("find { it.name == '" + name + "' }.expiresAt");
        assertThat(expiresAt).startsWith("2099-06-1");
        assertThat(row(page, name).locator("td").nth(5).textContent())
                .startsWith("2099-06-1")
                .endsWith("UTC");
        // Once copied, the token is taken off the page.
        page.click("#dismiss-token");
        assertThat(page.isVisible("#created")).isFalse();
        assertThat(page.inputValue("#new-token")).isEmpty();
    }

    @Test
    void anOperatorIsToldThePageIsForAdmins() {
        Page page = browser.page();
        signIn(page, OPERATOR);
        open(page, "/console/tokens");
        assertThat(page.textContent("#not-for-role"))
                .contains("for the admin role")
                .contains("operator role");
        assertThat(page.isVisible("#tokens")).isFalse();
    }

    @Test
    void onANarrowScreenThePageDoesNotScrollSideways() {
        Page page = browser.page(390, 844);
        signIn(page, ADMIN);
        open(page, "/console/tokens");
        create(page, "console-narrow-" + System.nanoTime(), "submitter");
        page.waitForSelector("#created:not([hidden])");
        page.waitForSelector("#tokens");
        assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                .isEqualTo(true);
        screenshot(page, "tokens-narrow");
    }
}
