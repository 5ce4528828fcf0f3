package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Progress of long builds: one line per interval at most, nothing during the first one. */
class BuildProgressLinesTest {
    private final StringWriter text = new StringWriter();
    private final AtomicLong now = new AtomicLong(1_000);
    private final BuildProgressLines progress =
            new BuildProgressLines(new PrintWriter(text), now::get, Duration.ofSeconds(10));

    @Test
    void aShortBuildPrintsNothing() {
        progress.reading(65_536, 0, 0);
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        progress.writing(100, 100);
        assertThat(text.toString()).isEmpty();
    }

    @Test
    void aLongBuildPrintsOneLinePerIntervalForEachStage() {
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        progress.reading(12_345_678, 3, 3L << 30);
        progress.reading(12_400_000, 3, 3L << 30); // within the next interval: not printed
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        progress.merging(64, 250, 1_000);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        progress.writing(30_000_000, 120_000_000);

        assertThat(text.toString().lines())
                .containsExactly(
                        "progress: reading records: 12,345,678 so far; 3 sorted runs spilled (3.0 GiB)",
                        "progress: merging 64 sorted runs into one: 25%",
                        "progress: writing parts: 25% (30,000,000 of 120,000,000 entries)");
    }
}
