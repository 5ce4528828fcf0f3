package dev.outpost.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import io.restassured.RestAssured;

/**
 * Debian's Chromium driven by Playwright for the console's end-to-end tests (issue 15; TOOLCHAIN.md:
 * the system browser, never a downloaded one). Each test gets a fresh browser context at 1280×800;
 * after the test it fails on any error the page logged (CSP violations included), any uncaught
 * script error, and any request to a host other than the appliance, which is also refused.
 *
 * <p>Without Chromium the tests are skipped, unless {@code OUTPOST_REQUIRE_CHROMIUM=1} (CI sets it):
 * then they fail. {@code OUTPOST_CHROMIUM} names another executable.
 */
public final class ConsoleBrowser implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");

    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<Pattern> allowedErrors = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext extension) {
        Path chromium = Path.of(System.getenv().getOrDefault("OUTPOST_CHROMIUM", DEFAULT_CHROMIUM.toString()));
        if (!Files.isExecutable(chromium)) {
            String why = chromium + " is missing: install Debian's chromium (apt-get install chromium)";
            if ("1".equals(System.getenv("OUTPOST_REQUIRE_CHROMIUM"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(chromium)
                        .setHeadless(true)
                        // As root in a container, without a GPU; the rest keeps Chromium from calling
                        // home (this machine's network refuses it, and the console must not need it).
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--disable-default-apps",
                                "--disable-domain-reliability")));
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        if (playwright != null) {
            playwright.close();
        }
    }

    /** The appliance under test, as the browser reaches it. */
    public static String origin() {
        return "http://localhost:" + RestAssured.port;
    }

    /** A new page in this test's context (1280×800 unless {@link #page(int, int)}). */
    public Page page() {
        return page(1280, 800);
    }

    public Page page(int width, int height) {
        if (context == null) {
            context = browser.newContext(new Browser.NewContextOptions()
                    .setBaseURL(origin())
                    .setViewportSize(width, height)
                    .setAcceptDownloads(true));
            String origin = origin();
            context.route("**/*", route -> {
                String url = route.request().url();
                if (sameOrigin(url, origin)) {
                    route.resume();
                } else {
                    problems.add("request to another host: " + url);
                    route.abort();
                }
            });
        }
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error") && !allowed(message.text())) {
                problems.add("console error on " + page.url() + ": " + message.text());
            }
        });
        page.onPageError(error -> problems.add("script error on " + page.url() + ": " + error));
        return page;
    }

    /**
     * A console error this test expects, e.g. the browser's report of a 401 it provoked on purpose.
     */
    public void allowConsoleError(String regex) {
        allowedErrors.add(Pattern.compile(regex));
    }

    /** What the harness caught so far, forgotten: for tests of the harness itself. */
    public List<String> takeProblems() {
        List<String> taken = List.copyOf(problems);
        problems.clear();
        return taken;
    }

    private boolean allowed(String text) {
        return allowedErrors.stream().anyMatch(pattern -> pattern.matcher(text).find());
    }

    private static boolean sameOrigin(String url, String origin) {
        if (url.startsWith("data:") || url.startsWith("blob:" + origin)) {
            return true;
        }
        URI uri = URI.create(url);
        URI expected = URI.create(origin);
        return "http".equals(uri.getScheme())
                && expected.getHost().equals(uri.getHost())
                && expected.getPort() == uri.getPort();
    }

    /** Opens a console page and waits until its script says it has rendered. */
    public static void open(Page page, String path) {
        page.navigate(path);
        waitReady(page);
    }

    public static void waitReady(Page page) {
        page.waitForSelector("body[data-state=ready]");
    }

    /** Signs in through the sign-in page and waits for the page it leads to. */
    public static void signIn(Page page, String token) {
        page.navigate("/console/sign-in");
        waitReady(page);
        page.fill("#token", token);
        page.click("#sign-in button[type=submit]");
        page.waitForURL(url -> !url.contains("/console/sign-in"));
        waitReady(page);
    }

    /** Writes a full-page screenshot to {@code target/console-screenshots/NAME.png}. */
    public static Path screenshot(Page page, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /**
     * Writes the top {@code height} pixels of the page to {@code target/console-screenshots/NAME.png}:
     * the shots docs/console.md and the README show (copied to docs/console/ by hand).
     */
    public static Path screenshot(Page page, String name, int height) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        int width = page.viewportSize().width;
        double pageHeight = ((Number) page.evaluate("() => document.documentElement.scrollHeight")).doubleValue();
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(file)
                .setFullPage(true)
                .setClip(0, 0, width, Math.min(height, pageHeight)));
        return file;
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        try {
            assertThat(problems)
                    .as("console errors, script errors and requests to other hosts")
                    .isEmpty();
        } finally {
            problems.clear();
            allowedErrors.clear();
            if (context != null) {
                context.close();
                context = null;
            }
        }
    }
}
