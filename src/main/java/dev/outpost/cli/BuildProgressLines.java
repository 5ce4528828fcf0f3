package dev.outpost.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

import dev.outpost.publishing.BuildProgress;

/**
 * Progress of a long bundle build as lines on standard error, at most one per interval and none
 * before the first interval has passed: a build of a few seconds prints nothing, so the first line
 * of its output is still its result or its error (issue 11 item 19), while a 100M-record build that
 * takes many minutes says what it is doing. Whole lines rather than a redrawn bar (ConsoleProgress)
 * because such builds usually run with their output going to a log.
 */
final class BuildProgressLines implements BuildProgress {
    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private long due;

    BuildProgressLines(PrintWriter err, LongSupplier nanoTime, Duration interval) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
        this.due = nanoTime.getAsLong() + intervalNanos;
    }

    static BuildProgressLines every10Seconds(PrintWriter err) {
        return new BuildProgressLines(err, System::nanoTime, Duration.ofSeconds(10));
    }

    @Override
    public void reading(long records, int runs, long spillBytes) {
        if (due()) {
            print(String.format(
                    java.util.Locale.ROOT,
                    "reading records: %,d so far; %d sorted run%s spilled (%s)",
                    records,
                    runs,
                    runs == 1 ? "" : "s",
                    size(spillBytes)));
        }
    }

    @Override
    public void merging(int runs, long done, long total) {
        if (due()) {
            print(String.format(
                    java.util.Locale.ROOT, "merging %d sorted runs into one: %d%%", runs, percent(done, total)));
        }
    }

    @Override
    public void writing(long done, long total) {
        if (due()) {
            print(String.format(
                    java.util.Locale.ROOT,
                    "writing parts: %d%% (%,d of %,d entries)",
                    percent(done, total),
                    done,
                    total));
        }
    }

    private boolean due() {
        long now = nanoTime.getAsLong();
        if (now - due < 0) {
            return false;
        }
        due = now + intervalNanos;
        return true;
    }

    private void print(String line) {
        err.println("progress: " + line);
        err.flush();
    }

    private static long percent(long done, long total) {
        return total == 0 ? 100 : Math.min(100, done * 100 / total);
    }

    static String size(long bytes) {
        if (bytes < 1L << 20) {
            return String.format(java.util.Locale.ROOT, "%,d KiB", bytes >> 10);
        }
        if (bytes < 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / 1073741824.0);
    }
}
