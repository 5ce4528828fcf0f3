package dev.outpost.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.outpost.export.RpzOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code outpost export rpz --out FILE}: a Response Policy Zone for BIND or Unbound (docs/exports.md). */
@Command(
        name = "rpz",
        mixinStandardHelpOptions = true,
        description = "Write the malicious domains and IP ranges as a Response Policy Zone (written whole, then"
                + " moved into place). Only domains the publisher listed can be written (docs/exports.md).")
public class ExportRpzCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The zone file to write (replaced).")
    Path out;

    @Option(
            names = "--zone",
            paramLabel = "NAME",
            defaultValue = RpzOptions.DEFAULT_ZONE,
            description = "The policy zone's name (default: ${DEFAULT-VALUE}); configure the resolver with the same.")
    String zone;

    @Option(names = "--include-yellow", description = "List YELLOW (adware, riskware, suspicious) beside RED.")
    boolean includeYellow;

    @Option(
            names = "--ttl",
            paramLabel = "SECONDS",
            defaultValue = "300",
            description = "The zone's $TTL: how long resolvers cache a rewritten answer (default: ${DEFAULT-VALUE}).")
    String ttl;

    @Option(
            names = "--action",
            paramLabel = "nxdomain|nodata|drop",
            defaultValue = "nxdomain",
            description = "What a listed name or address gets (default: ${DEFAULT-VALUE}).")
    String action;

    @Mixin
    DataDirOption dataDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // Checked before anything boots, so that each mistake gets its own line (ADR 0004).
        RpzOptions options = RpzOptions.parse(zone, Boolean.toString(includeYellow), ttl, action);
        Path file = ExportCommand.outputFile(out);
        return ExportCommand.boot(
                dataDir,
                spec,
                "rpz",
                file.toString(),
                options.zone(),
                Boolean.toString(options.includeYellow()),
                Long.toString(options.ttlSeconds()),
                options.action().id());
    }
}
