package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** A long build's progress line: at most one redraw a second, erased before the result (issue 11 item 19). */
class BuildProgressLineTest {
    private final StringWriter screen = new StringWriter();
    private final AtomicLong now = new AtomicLong(1_000);

    private BuildProgressLine line(boolean terminal) {
        return new BuildProgressLine(new PrintWriter(screen), terminal, now::get, Duration.ofSeconds(1));
    }

    private void seconds(long seconds) {
        now.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    @Test
    void redrawsAtMostOncePerIntervalAndErasesItselfBeforeTheResult() {
        BuildProgressLine progress = line(true);
        progress.reading(65_536, 0, 0); // the first second: nothing yet
        seconds(1);
        progress.reading(12_345_678, 3, 3L << 30);
        progress.reading(12_400_000, 3, 3L << 30); // within the same second: not drawn
        seconds(1);
        progress.merging(64, 250, 1_000);
        seconds(2);
        progress.writing(30_000_000, 120_000_000);
        progress.close();
        screen.write("Wrote acme.bundle\n");

        String drawn = screen.toString();
        assertThat(drawn.split("\r", -1))
                .containsExactly(
                        "",
                        "reading: 12,345,678 records, 3 sorted runs spilled (3.0 GiB)",
                        "merging 64 sorted runs into one:  25%" + " ".repeat(23),
                        "writing parts:  25% (30,000,000 of 120,000,000 entries)" + " ".repeat(5),
                        " ".repeat(60),
                        "Wrote acme.bundle\n");
    }

    @Test
    void drawsNothingWhenTheOutputIsNotATerminal() {
        BuildProgressLine progress = line(false);
        seconds(5);
        progress.reading(12_345_678, 3, 3L << 30);
        progress.writing(1, 2);
        progress.close();
        assertThat(screen.toString()).isEmpty();
    }
}
