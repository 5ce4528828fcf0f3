package dev.outpost.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

import dev.outpost.publishing.BuildProgress;

/**
 * Progress of a bundle build on the terminal (issue 16): a build of 100M records reads, spills,
 * merges and writes for many minutes. One line, redrawn at most once a second, as {@link
 * ConsoleProgress} draws an import's: only on a terminal, and erased by {@link #close()} before the
 * result or the error is printed, so that the first line of a command's output is still its result
 * or its error (issue 11 item 19). Redirected output gets no progress, and one summary line after
 * the result when the build spilled (SortOptions#report).
 */
final class BuildProgressLine implements BuildProgress, AutoCloseable {
    private final PrintWriter out;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private long due;
    /** Characters of the line on the screen (the longest drawn since it appeared), else 0. */
    private int shown;

    BuildProgressLine(PrintWriter out, boolean enabled, LongSupplier nanoTime, Duration interval) {
        this.out = out;
        this.enabled = enabled;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
        this.due = nanoTime.getAsLong() + intervalNanos;
    }

    /** A line on {@code out} if the process talks to a terminal; nothing when its output is redirected. */
    static BuildProgressLine onTerminal(PrintWriter out) {
        return new BuildProgressLine(out, ConsoleProgress.isTerminal(), System::nanoTime, Duration.ofSeconds(1));
    }

    @Override
    public void reading(long records, int runs, long spillBytes) {
        if (due()) {
            draw(String.format(
                    Locale.ROOT,
                    "reading: %,d records, %d sorted run%s spilled (%s)",
                    records,
                    runs,
                    runs == 1 ? "" : "s",
                    size(spillBytes)));
        }
    }

    @Override
    public void merging(int runs, long done, long total) {
        if (due()) {
            draw(String.format(Locale.ROOT, "merging %d sorted runs into one: %3d%%", runs, percent(done, total)));
        }
    }

    @Override
    public void writing(long done, long total) {
        if (due()) {
            draw(String.format(
                    Locale.ROOT, "writing parts: %3d%% (%,d of %,d entries)", percent(done, total), done, total));
        }
    }

    private boolean due() {
        if (!enabled) {
            return false;
        }
        long now = nanoTime.getAsLong();
        if (now - due < 0) {
            return false;
        }
        due = now + intervalNanos;
        return true;
    }

    private void draw(String line) {
        // Padded to the previous line's length, so that nothing of a longer line stays behind.
        out.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        out.flush();
        shown = Math.max(shown, line.length());
    }

    /** Erases the line, if one is shown, so that the next output starts on a clean line. */
    @Override
    public void close() {
        if (shown > 0) {
            out.print("\r" + " ".repeat(shown) + "\r");
            out.flush();
            shown = 0;
        }
    }

    private static long percent(long done, long total) {
        return total == 0 ? 100 : Math.min(100, done * 100 / total);
    }

    static String size(long bytes) {
        if (bytes < 1L << 20) {
            return String.format(Locale.ROOT, "%,d KiB", bytes >> 10);
        }
        if (bytes < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / 1073741824.0);
    }
}
