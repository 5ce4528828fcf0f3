package dev.outpost.hashlookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code python3} with {@code requests} (package {@code python3-requests}), which runs the
 * scripts that replay the calls of clients only published on PyPI (pyhashlookup, OpenTIP-scanner,
 * the OpenCTI OpenTIP connector), unreachable here (interop.md "Registry facts"). A test that needs
 * it is skipped where it is missing, and fails instead when {@code OUTPOST_REQUIRE_INTEROP_TOOLS=1}
 * ({@code .ci/run}).
 */
public final class InteropPython {
    /** Debian's interpreter, not whatever {@code python3} comes first on the PATH. */
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private InteropPython() {}

    /** What a script printed and how it ended. */
    public record Result(int exitCode, String output) {}

    /** Skips the calling test unless python3 with requests is here; fails instead when CI requires it. */
    public static void require() throws Exception {
        String missing = null;
        if (!Files.isExecutable(PYTHON)) {
            missing = PYTHON + " is missing (Debian package python3)";
        } else if (run(List.of(PYTHON.toString(), "-c", "import requests")).exitCode() != 0) {
            missing = "python3 cannot import requests (Debian package python3-requests)";
        }
        if (missing != null && "1".equals(System.getenv("OUTPOST_REQUIRE_INTEROP_TOOLS"))) {
            throw new AssertionError("OUTPOST_REQUIRE_INTEROP_TOOLS=1 but " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
    }

    /** Runs a script of {@code src/test/resources/interop} with {@code arguments}. */
    public static Result script(String name, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(PYTHON.toString());
        command.add(Path.of("src/test/resources/interop", name).toString());
        command.addAll(List.of(arguments));
        return run(command);
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // No proxy from the environment: the scripts talk to the test server on loopback only.
        for (String proxy : List.of("http_proxy", "https_proxy", "all_proxy")) {
            builder.environment().remove(proxy);
            builder.environment().remove(proxy.toUpperCase(java.util.Locale.ROOT));
        }
        builder.environment().put("NO_PROXY", "*");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        // A bound, not an assertion on time: a script that hangs must not hang the build.
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("%s ended", command)
                .isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
