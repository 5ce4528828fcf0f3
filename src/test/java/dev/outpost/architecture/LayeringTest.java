package dev.outpost.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Rules of the layout (STYLE.md) that the compiler cannot enforce. */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/dev/outpost");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void onlyTheRocksDbStorePackageImportsRocksDb() throws IOException {
        List<Path> sources = sources();
        assertThat(sources).hasSizeGreaterThan(20);
        List<Path> offenders = sources.stream()
                .filter(p -> !p.startsWith(MAIN.resolve("store/rocksdb")))
                .filter(p -> read(p).contains("org.rocksdb"))
                .toList();
        assertThat(offenders)
                .as("files outside dev.outpost.store.rocksdb that use org.rocksdb")
                .isEmpty();
    }

    /**
     * Resources may answer 200 with a body; choosing an error status, or an exception type that
     * carries one, belongs to the one mapper in {@code dev.outpost.http}.
     */
    @Test
    void errorStatusesAreChosenOnlyInTheHttpPackage() throws IOException {
        List<Path> offenders = sources().stream()
                .filter(p -> !p.startsWith(MAIN.resolve("http")))
                .filter(p -> {
                    String source = read(p);
                    return source.contains("Response.status(")
                            || source.contains("Response.Status")
                            || source.contains("extends WebApplicationException")
                            || source.contains("ServerExceptionMapper");
                })
                .toList();
        assertThat(offenders)
                .as("exceptions carry no HTTP codes; one mapper in dev.outpost.http maps them")
                .isEmpty();
    }

    /**
     * The key layouts live beside {@code KeySpace} in {@code reputation} (ADR 0008), so the store and
     * the model key URLs, domains and IP ranges without knowing how they are canonicalized.
     */
    @Test
    void theModelAndTheStoreKnowNothingOfUrlCanonicalization() throws IOException {
        List<Path> offenders = sources().stream()
                .filter(p -> p.startsWith(MAIN.resolve("reputation")) || p.startsWith(MAIN.resolve("store")))
                .filter(p -> read(p).contains("dev.outpost.web."))
                .toList();
        assertThat(offenders)
                .as("files in dev.outpost.reputation or dev.outpost.store that use dev.outpost.web")
                .isEmpty();
    }

    /** A package that needs another cannot be needed by it: each can be read, and changed, on its own. */
    @Test
    void packagesDoNotDependOnEachOtherInACycle() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Path file : sources()) {
            String own = packageOf(MAIN.relativize(file.getParent()));
            Set<String> used = uses.computeIfAbsent(own, p -> new TreeSet<>());
            Matcher reference = REFERENCE.matcher(read(file));
            while (reference.find()) {
                if (!reference.group(1).equals(own)) {
                    used.add(reference.group(1));
                }
            }
        }
        assertThat(uses).containsKeys("http", "lookup", "reputation", "store.rocksdb", "web");
        for (String start : uses.keySet()) {
            assertThat(pathBack(start, start, uses, new ArrayList<>(), new HashSet<>()))
                    .as("a dependency cycle through " + start)
                    .isEmpty();
        }
    }

    /** A {@code dev.outpost.<package>.<Type>} reference, in an import or in code. */
    private static final Pattern REFERENCE =
            Pattern.compile("\\bdev\\.outpost\\.([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");

    private static String packageOf(Path relative) {
        return relative.toString().replace(java.io.File.separatorChar, '.');
    }

    /** The packages from {@code from} back to {@code target}, or empty if there is no way back. */
    private static List<String> pathBack(
            String target, String from, Map<String, Set<String>> uses, List<String> path, Set<String> seen) {
        for (String next : uses.getOrDefault(from, Set.of())) {
            List<String> longer = new ArrayList<>(path);
            longer.add(next);
            if (next.equals(target)) {
                return longer;
            }
            if (seen.add(next)) {
                List<String> found = pathBack(target, next, uses, longer, seen);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return List.of();
    }
}
