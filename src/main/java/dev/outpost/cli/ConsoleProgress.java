package dev.outpost.cli;

import java.io.PrintStream;

import dev.outpost.bundle.ImportProgress;

/** A one-line progress bar on the terminal, redrawn at most every 1% of progress. */
final class ConsoleProgress implements ImportProgress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private int lastPercent = -1;
    private String lastPhase = "";

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void update(String phase, long done, long total) {
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        if (percent == lastPercent && phase.equals(lastPhase)) {
            return;
        }
        lastPercent = percent;
        lastPhase = phase;
        int filled = percent * WIDTH / 100;
        out.printf("\r[%s%s] %3d%% %-28s", "#".repeat(filled), " ".repeat(WIDTH - filled), percent, phase);
        if (percent == 100 && phase.startsWith("activating")) {
            out.println();
        }
        out.flush();
    }
}
