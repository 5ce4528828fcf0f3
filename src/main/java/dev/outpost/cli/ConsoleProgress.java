package dev.outpost.cli;

import java.io.Console;
import java.io.PrintStream;

import dev.outpost.bundle.importing.ImportProgress;

/**
 * A one-line progress bar on the terminal, redrawn at most every 1% of progress. Issue 11 item 19:
 * the first line of a command's output is its result or its error, so the bar is drawn only on a
 * terminal, and {@link #finish()} erases it before anything else is printed there.
 */
final class ConsoleProgress implements ImportProgress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean enabled;
    private int lastPercent = -1;
    private String lastPhase = "";
    /** Length of the bar's line while one is on the screen, else 0. */
    private int shown;

    ConsoleProgress(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** A bar on {@code out} if the process talks to a terminal; none when its output is redirected. */
    static ConsoleProgress onTerminal(PrintStream out) {
        return new ConsoleProgress(out, isTerminal());
    }

    @Override
    public void update(String phase, long done, long total) {
        if (!enabled) {
            return;
        }
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        if (percent == lastPercent && phase.equals(lastPhase)) {
            return;
        }
        lastPercent = percent;
        lastPhase = phase;
        int filled = percent * WIDTH / 100;
        String line =
                String.format("[%s%s] %3d%% %-28s", "#".repeat(filled), " ".repeat(WIDTH - filled), percent, phase);
        out.print("\r" + line);
        shown = line.length();
        out.flush();
    }

    /** Erases the bar, if one is shown, so that the next output starts on a clean line. */
    void finish() {
        if (shown > 0) {
            out.print("\r" + " ".repeat(shown) + "\r");
            out.flush();
            shown = 0;
        }
    }

    /**
     * Before JDK 22 {@link System#console()} is null unless the process is on a terminal; from JDK 22
     * it may exist anyway and {@code Console.isTerminal()} tells (called reflectively: release 17).
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
