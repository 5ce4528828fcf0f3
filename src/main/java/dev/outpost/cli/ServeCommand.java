package dev.outpost.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.quarkus.runtime.Quarkus;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code outpost serve}: the server, with Quarkus configuration from the usual sources. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server (the default command).")
public class ServeCommand implements Callable<Integer> {
    private static volatile boolean ran;

    @Unmatched
    List<String> quarkusArgs = new ArrayList<>();

    @Override
    public Integer call() {
        ran = true;
        Quarkus.run(quarkusArgs.toArray(String[]::new));
        return 0;
    }

    /** Whether the server ran; then Quarkus owns the exit code and shutdown. */
    static boolean ran() {
        return ran;
    }
}
