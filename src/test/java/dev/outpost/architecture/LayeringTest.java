package dev.outpost.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
     * carries one, belongs to the one mapper in {@code dev.outpost.web}.
     */
    @Test
    void errorStatusesAreChosenOnlyInTheWebPackage() throws IOException {
        List<Path> offenders = sources().stream()
                .filter(p -> !p.startsWith(MAIN.resolve("web")))
                .filter(p -> {
                    String source = read(p);
                    return source.contains("Response.status(")
                            || source.contains("Response.Status")
                            || source.contains("extends WebApplicationException")
                            || source.contains("ServerExceptionMapper");
                })
                .toList();
        assertThat(offenders)
                .as("exceptions carry no HTTP codes; one mapper in dev.outpost.web maps them")
                .isEmpty();
    }
}
