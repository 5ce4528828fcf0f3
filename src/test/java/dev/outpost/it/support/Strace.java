package dev.outpost.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The strace command line the egress proof runs under. Every thread and child ({@code -f}); the
 * calls that can put bytes on a network or reach a resolver: {@code connect}, {@code sendto},
 * {@code sendmsg}, {@code sendmmsg} (glibc's resolver sends its A and AAAA queries with it) and
 * {@code io_uring_setup}; {@code -yy} prints each socket's protocol and addresses; {@code -k}
 * prints each call's stack, which tells a user lookup through nscd from a host lookup; signals
 * are left out of the trace.
 */
public final class Strace {
    public static final Path BINARY = Path.of("/usr/bin/strace");
    public static final String CALLS = "connect,sendto,sendmsg,sendmmsg,io_uring_setup";

    private Strace() {}

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** {@code OUTPOST_REQUIRE_STRACE=1} (CI) makes a missing strace a failure instead of a skip. */
    public static boolean required() {
        return "1".equals(System.getenv("OUTPOST_REQUIRE_STRACE"));
    }

    /** The prefix that traces a command into {@code output}. */
    public static List<String> command(Path output) {
        return new ArrayList<>(List.of(
                BINARY.toString(),
                "-f",
                "-yy",
                "-k",
                "-e",
                "trace=" + CALLS,
                "-e",
                "signal=none",
                "-o",
                output.toAbsolutePath().toString()));
    }
}
