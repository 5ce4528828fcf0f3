package dev.outpost.bundle.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 5: the quarantine is bounded in bytes and age, oldest bundle copies first. */
class QuarantineTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void removesWhatIsOlderThanMaxAge() throws Exception {
        Path old = file("old.bundle", 10, NOW.minus(Duration.ofDays(40)));
        Path oldReason = file("old.bundle.reason", 1, NOW.minus(Duration.ofDays(40)));
        Path recent = file("recent.bundle", 10, NOW.minus(Duration.ofDays(1)));

        quarantine(1_000).prune();

        assertThat(old).doesNotExist();
        assertThat(oldReason).doesNotExist();
        assertThat(recent).exists();
    }

    @Test
    void removesTheOldestBundleCopiesFirstAndReasonFilesLast() throws Exception {
        Path oldest = file("1.bundle", 100, NOW.minus(Duration.ofDays(3)));
        Path oldestReason = file("1.bundle.reason", 5, NOW.minus(Duration.ofDays(3)));
        Path middle = file("2.bundle", 100, NOW.minus(Duration.ofDays(2)));
        Path newest = file("3.bundle", 100, NOW.minus(Duration.ofDays(1)));
        Path newestReason = file("3.bundle.reason", 5, NOW.minus(Duration.ofDays(1)));

        quarantine(210).prune();

        assertThat(oldest).doesNotExist();
        assertThat(middle).exists();
        assertThat(newest).exists();
        assertThat(oldestReason).as("reasons outlive the copies").exists();
        assertThat(newestReason).exists();
    }

    @Test
    void quarantiningABundleAppliesTheBound() throws Exception {
        Path old = file("old.bundle", 100, NOW.minus(Duration.ofDays(2)));
        Path staged = Files.write(dir.resolve("staged"), new byte[100]);

        quarantine(150).put(staged, "new.bundle", "reason: test\n");

        assertThat(old).doesNotExist();
        assertThat(dir.resolve("quarantine/new.bundle")).exists();
        assertThat(dir.resolve("quarantine/new.bundle.reason")).exists();
    }

    private Quarantine quarantine(long maxBytes) {
        return new Quarantine(
                dir.resolve("quarantine"), maxBytes, Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Path file(String name, int bytes, Instant modified) throws Exception {
        Path file = Files.createDirectories(dir.resolve("quarantine")).resolve(name);
        Files.write(file, new byte[bytes]);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
