package dev.outpost.dns;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The real peers from Debian's packages (dig, dnspython, unbound). A test that needs one fails when it
 * is missing and {@code OUTPOST_REQUIRE_INTEROP_TOOLS=1} (as {@code .ci/run} sets it), and is skipped
 * otherwise.
 */
final class InteropTools {
    private static final boolean REQUIRED = "1".equals(System.getenv("OUTPOST_REQUIRE_INTEROP_TOOLS"));

    private InteropTools() {}

    /** What a command printed (stdout and stderr together) and how it ended. */
    record Result(int exitCode, String output) {}

    /** The first executable of {@code names} on the PATH or among {@code extra} paths. */
    static Path require(String what, List<String> names, List<String> extra) {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        for (String directory : path == null ? new String[0] : path.split(File.pathSeparator)) {
            for (String name : names) {
                candidates.add(Path.of(directory, name));
            }
        }
        extra.forEach(p -> candidates.add(Path.of(p)));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return missing(what);
    }

    /**
     * A Python 3 that imports dnspython. Debian's {@code python3-dnspython} installs into the system
     * Python, which another {@code python3} on the PATH (pyenv, a venv) may not see: that one first.
     */
    static Path python3WithDnspython() {
        for (String candidate : new String[] {"/usr/bin/python3", "python3"}) {
            Path python =
                    candidate.startsWith("/") ? Path.of(candidate) : require("python3", List.of(candidate), List.of());
            if (Files.isExecutable(python)) {
                Result probe = run(Duration.ofSeconds(30), List.of(python.toString(), "-c", "import dns.resolver"));
                if (probe.exitCode() == 0) {
                    return python;
                }
            }
        }
        return missing("python3 with dnspython (Debian python3-dnspython)");
    }

    private static Path missing(String what) {
        if (REQUIRED) {
            fail(what + " is required (OUTPOST_REQUIRE_INTEROP_TOOLS=1) but was not found");
        }
        Assumptions.abort(what + " is not installed");
        throw new AssertionError("unreachable");
    }

    /** Runs a command to its end, at most {@code timeout}. */
    static Result run(Duration timeout, List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[][] output = new byte[1][];
            Thread reader = new Thread(() -> output[0] = readAll(process.getInputStream()));
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(command.get(0) + " did not finish within " + timeout);
            }
            reader.join();
            return new Result(process.exitValue(), new String(output[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
