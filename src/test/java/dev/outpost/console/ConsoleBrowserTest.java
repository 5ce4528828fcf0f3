package dev.outpost.console;

import static dev.outpost.console.ConsoleBrowser.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The browser harness itself: the console's policy really holds in Chromium, and what the harness
 * promises to catch (a policy violation, a request to another host) it catches. Without this, a
 * harness that caught nothing would let every console test pass.
 */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class ConsoleBrowserTest {
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void inlineScriptsAndStylesAreRefusedByThePolicyAndReported() {
        Page page = browser.page();
        open(page, "/console/sign-in");
        Object ran = page.evaluate("() => { const s = document.createElement('script');"
                + " s.textContent = 'window.__inline = true'; document.body.append(s);"
                + " const d = document.createElement('div'); d.setAttribute('style', 'color: red');"
                + " document.body.append(d); return window.__inline === true; }");
        assertThat(ran).isEqualTo(false);
        page.waitForTimeout(200);
        assertThat(browser.takeProblems())
                .anyMatch(problem -> problem.contains("Content Security Policy") && problem.contains("script"))
                .anyMatch(problem -> problem.contains("Content Security Policy") && problem.contains("style"));
    }

    @Test
    void aRequestToAnotherHostIsRefusedAndReported() {
        Page page = browser.page();
        open(page, "/console/sign-in");
        // A navigation is not the page policy's business (an image or fetch would be stopped by
        // img-src or connect-src first): the harness's own guard must refuse and report it.
        assertThatThrownBy(() -> page.navigate("http://cdn.example.invalid/pixel.png"))
                .isInstanceOf(PlaywrightException.class);
        assertThat(browser.takeProblems())
                .anyMatch(problem -> problem.equals("request to another host: http://cdn.example.invalid/pixel.png"));
    }
}
