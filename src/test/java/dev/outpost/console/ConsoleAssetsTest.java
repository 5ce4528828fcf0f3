package dev.outpost.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What the console ships, read as files: nothing that would need a weaker policy, nothing that turns
 * text into markup, nothing fetched from elsewhere (issue 15: the operators' browsers are on an
 * air-gapped LAN too). The browser tests catch violations that run; this catches those that a test
 * did not happen to run.
 */
class ConsoleAssetsTest {
    private static final Path ASSETS = Path.of("src/main/resources/META-INF/resources/console/assets");
    private static final Path TEMPLATES = Path.of("src/main/resources/templates/console");
    /** The one address allowed: the SVG namespace, a name rather than a place to fetch. */
    private static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";

    private static final Pattern MARKUP_FROM_TEXT =
            Pattern.compile("\\.innerHTML|\\.outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\(|new Function|"
                    + "setAttribute\\(\\s*['\"]style['\"]|\\.cssText|createContextualFragment|DOMParser");
    private static final Pattern REMOTE = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[/:'\"\\s)]");
    /**
     * Example addresses in help texts use names reserved for examples (RFC 2606: .example, .invalid,
     * .test), which resolve nowhere: not a place anything is fetched from.
     */
    private static final Pattern RESERVED_EXAMPLE =
            Pattern.compile("(?i)(https?:)?//([a-z0-9-]+\\.)*[a-z0-9-]+\\.(example|invalid|test)(?=[/:'\"\\s)])");

    private static final Pattern CSS_IMPORTS = Pattern.compile("(?i)@import|@font-face|url\\(\\s*['\"]?(https?:|//)");
    private static final Pattern INLINE =
            Pattern.compile("(?i)<script(?![^>]*\\bsrc=)|<style|\\sstyle\\s*=|\\son[a-z]+\\s*=|javascript:");

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> findings(List<Path> files, Pattern pattern) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).replace(SVG_NAMESPACE, "");
                if (pattern == REMOTE) {
                    line = RESERVED_EXAMPLE.matcher(line).replaceAll("");
                }
                if (line.trim().startsWith("//")
                        || line.trim().startsWith("*")
                        || line.trim().startsWith("/*")) {
                    continue; // comments may cite specs by address
                }
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    found.add(file + ":" + (i + 1) + ": " + matcher.group());
                }
            }
        }
        return found;
    }

    @Test
    void scriptsNeverTurnTextIntoMarkupOrCode() throws IOException {
        assertThat(findings(files(ASSETS, ".js"), MARKUP_FROM_TEXT)).isEmpty();
    }

    @Test
    void nothingIsFetchedFromAnotherHost() throws IOException {
        List<Path> all = new ArrayList<>(files(ASSETS, ".js"));
        all.addAll(files(ASSETS, ".css"));
        all.addAll(files(TEMPLATES, ".html"));
        assertThat(findings(all, REMOTE)).isEmpty();
        assertThat(findings(files(ASSETS, ".css"), CSS_IMPORTS)).isEmpty();
    }

    @Test
    void templatesHoldNoInlineScriptStyleOrHandler() throws IOException {
        assertThat(findings(files(TEMPLATES, ".html"), INLINE)).isEmpty();
    }

    @Test
    void everyPageHasItsTemplateScriptAndStylesheet() {
        for (ConsolePage page : ConsolePage.values()) {
            assertThat(TEMPLATES.resolve(page.id() + ".html")).isRegularFile();
            assertThat(ASSETS.resolve("pages/" + page.id() + ".js")).isRegularFile();
            assertThat(ASSETS.resolve("pages/" + page.id() + ".css")).isRegularFile();
        }
    }

    @Test
    void theChecksFindWhatTheyLookFor() {
        // The patterns themselves, on lines they must catch: a check that cannot fail is no check.
        assertThat(MARKUP_FROM_TEXT.matcher("cell.innerHTML = name;").find()).isTrue();
        assertThat(MARKUP_FROM_TEXT.matcher("node.setAttribute('style', 'x')").find())
                .isTrue();
        assertThat(REMOTE.matcher("import x from 'https://cdn.example.com/x.js';")
                        .find())
                .isTrue();
        assertThat(REMOTE.matcher("fetch('//evil.example/')").find()).isTrue();
        assertThat(REMOTE.matcher("api('/api/v1/files/lookup')").find()).isFalse();
        assertThat(RESERVED_EXAMPLE
                        .matcher("'e.g. http://evil.example/phish/ covers'")
                        .find())
                .isTrue();
        assertThat(RESERVED_EXAMPLE.matcher("'https://cdn.jsdelivr.net/npm/x'").find())
                .isFalse();
        assertThat(CSS_IMPORTS.matcher("@font-face { src: url(x.woff) }").find())
                .isTrue();
        assertThat(INLINE.matcher("<div style=\"color:red\">").find()).isTrue();
        assertThat(INLINE.matcher("<script>alert(1)</script>").find()).isTrue();
        assertThat(INLINE.matcher("<button onclick=\"x()\">").find()).isTrue();
        assertThat(INLINE.matcher("<script type=\"module\" src=\"/console/assets/x.js\"></script>")
                        .find())
                .isFalse();
    }
}
