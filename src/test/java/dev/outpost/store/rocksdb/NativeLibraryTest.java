package dev.outpost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.store.StoreTuning;

/**
 * Issue 11 item 20: RocksJava ran {@code sh}, {@code ldd} and {@code grep} found through {@code PATH}
 * to tell glibc from musl. A fresh JVM opens a store with {@code PATH} naming only a directory of fake
 * programs that leave a mark when run; none may be run.
 */
class NativeLibraryTest {
    @TempDir
    Path dir;

    @Test
    void openingTheStoreRunsNoProgramFoundThroughPath() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path marker = dir.resolve("ran");
        for (String name : List.of("sh", "ldd", "grep")) {
            Path fake = bin.resolve(name);
            Files.writeString(fake, "#!/bin/sh\necho " + name + " >> '" + marker + "'\nexit 1\n");
            assertThat(fake.toFile().setExecutable(true)).isTrue();
        }
        // The trap works: what RocksJava ran would run the fake sh.
        assertThat(run(bin, List.of("/usr/bin/env", "sh", "-c", "true"))).isNotNull();
        assertThat(marker).exists();
        Files.delete(marker);

        String output = run(
                bin,
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OpenStore.class.getName(),
                        dir.resolve("generations").toString()));

        assertThat(output).contains("store opened");
        assertThat(marker)
                .as("a program found through PATH ran; output: %s", output)
                .doesNotExist();
    }

    @Test
    void tellsMuslFromGlibcByTheFilesInLib() throws IOException {
        Path glibc = Files.createDirectories(dir.resolve("glibc"));
        Files.writeString(glibc.resolve("libc.so.6"), "");
        Path musl = Files.createDirectories(dir.resolve("musl"));
        Files.writeString(musl.resolve("libc.musl-x86_64.so.1"), "");
        Path muslArm = Files.createDirectories(dir.resolve("musl-arm"));
        Files.writeString(muslArm.resolve("libc.musl-aarch64.so.1"), "");

        assertThat(NativeLibrary.isMusl(glibc, "amd64")).isFalse();
        assertThat(NativeLibrary.isMusl(musl, "amd64")).isTrue();
        assertThat(NativeLibrary.isMusl(muslArm, "aarch64")).isTrue();
        assertThat(NativeLibrary.isMusl(dir.resolve("absent"), "amd64")).isFalse();
    }

    /** Runs {@code command} with {@code PATH} set to {@code bin} alone; returns its merged output. */
    private static String run(Path bin, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", bin.toString());
        builder.environment().remove("ROCKSDB_MUSL_LIBC");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    /** The child JVM: opens a store, as the server and the CLI do, and closes it. */
    public static final class OpenStore {
        public static void main(String[] args) {
            try (RocksGenerationStore store = RocksGenerationStore.open(Path.of(args[0]), StoreTuning.DEFAULTS)) {
                System.out.println("store opened: " + store.isOpen());
            }
        }
    }
}
