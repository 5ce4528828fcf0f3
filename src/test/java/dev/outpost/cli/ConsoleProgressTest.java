package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Issue 11 item 19: whatever follows the progress bar starts on a clean line. */
class ConsoleProgressTest {
    @Test
    void finishErasesTheBarSoThatTheErrorStandsAlone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ConsoleProgress progress = new ConsoleProgress(out, true);
        progress.update("copying", 10, 100);
        progress.update("verifying", 50, 100);
        progress.finish();
        out.println("outpost: bundle rejected (unknown-key): no trusted key signed it");

        String screen = bytes.toString(StandardCharsets.UTF_8);
        assertThat(screen).contains("verifying");
        // A terminal shows what follows the last carriage return on the line: the error alone.
        String lastLine = screen.substring(screen.lastIndexOf('\r') + 1);
        assertThat(lastLine).isEqualTo("outpost: bundle rejected (unknown-key): no trusted key signed it\n");
        String erased = screen.substring(0, screen.lastIndexOf('\r'));
        String bar = erased.substring(erased.lastIndexOf("\r[") + 1, erased.lastIndexOf('\r'));
        assertThat(erased.substring(erased.lastIndexOf('\r') + 1)).isBlank().hasSameSizeAs(bar);
    }

    @Test
    void drawsNothingWhenTheOutputIsNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        progress.update("copying", 10, 100);
        progress.update("activating", 100, 100);
        progress.finish();
        assertThat(bytes.size()).isZero();
    }
}
