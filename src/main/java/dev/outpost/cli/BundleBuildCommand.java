package dev.outpost.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Stack;
import java.util.concurrent.Callable;

import dev.outpost.bundle.Manifest;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.RecordSource;
import dev.outpost.publishing.Signers;
import dev.outpost.publishing.SortStatistics;
import dev.outpost.publishing.feeds.FeedFormat;
import dev.outpost.publishing.feeds.FeedOptions;
import dev.outpost.publishing.feeds.FeedReport;
import dev.outpost.publishing.feeds.FeedSource;
import dev.outpost.publishing.feeds.Feeds;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outpost bundle build}: records from CSV or JSON Lines and public feeds (issue 16) into a
 * signed full bundle. Sources are read in command-line order; when any feed is given, records that
 * share a key are merged by severity, then that order (offline-bundles/FEEDS.md §Precedence).
 */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = "Build a signed full bundle from record files (CSV or JSON Lines: offline-bundles/FORMAT.md)"
                + " and public feeds (offline-bundles/FEEDS.md).",
        footer = {
            "",
            "Feed formats (--feed FORMAT=FILE):",
            "  malwarebazaar-csv  MalwareBazaar CSV export: file hashes, MALWARE",
            "  urlhaus-csv        URLhaus CSV: URLs, MALWARE or PHISHING",
            "  threatfox-csv      ThreatFox CSV export: hashes, URLs, domains, IPs",
            "  threatfox-json     ThreatFox JSON export: the same",
            "  feodo-csv          Feodo Tracker IP blocklist CSV: C2 addresses, MALWARE",
            "  misp-feed          MISP feed directory: manifest.json and <uuid>.json events",
            "  stix2              STIX 2.1 bundle: indicators for hashes, URLs, domains, IPs",
            "  nsrl-rds3          NSRL RDSv3 SQLite database: known software, CLEAN",
            "  nsrl-legacy        NSRL legacy NSRLFile.txt: known software, CLEAN",
            "",
            "Precedence when sources are merged (any --feed): a key held by several records keeps the most"
                    + " severe (RED over YELLOW over GREEN), then the record of the source named first.",
            "Without --skip-invalid, the first invalid feed entry stops the build and nothing is written."
        })
public class BundleBuildCommand implements Callable<Integer> {
    // --records and --feed declare the options and their help; SourceOrder puts their values in
    // {@link #sources}, in command-line order, so these two fields stay empty.
    @Option(
            names = "--records",
            arity = "1..*",
            paramLabel = "FILE",
            parameterConsumer = SourceOrder.class,
            description = "Record files (.csv, .jsonl); repeatable.")
    List<Path> records = List.of();

    @Option(
            names = "--feed",
            paramLabel = "FORMAT=FILE",
            parameterConsumer = SourceOrder.class,
            completionCandidates = FeedFormatNames.class,
            description = "A public feed to read; repeatable. FORMAT: ${COMPLETION-CANDIDATES}.")
    List<String> feeds = List.of();

    @Option(
            names = "--skip-invalid",
            description = "Skip invalid feed entries (each told on stderr, counted in the summary) instead of"
                    + " stopping at the first. Record files must still be exact.")
    boolean skipInvalid;

    @Option(names = "--sequence", required = true, description = "Sequence number; must increase with every bundle.")
    long sequence;

    /** Whether appliances may list the bundle's domains (RPZ and Bloom exports) or only answer them. */
    enum DomainNames {
        hashed,
        listed
    }

    @Option(
            names = "--domain-names",
            defaultValue = "hashed",
            paramLabel = "hashed|listed",
            description = "hashed (default): appliances can answer a domain but never list the bundle's domains;"
                    + " listed: each domain record carries its name, so appliances can export them"
                    + " (outpost export rpz, export bloom). URL lists are never listed.")
    DomainNames domainNames;

    @Mixin
    BundleSigning signing;

    @Mixin
    SortOptions sorting;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** The sources in command-line order, which is the precedence among records of one zone. */
    private final List<Source> sources = new ArrayList<>();

    /** A record file or a feed. */
    sealed interface Source permits RecordFile, Feed {}

    record RecordFile(Path path) implements Source {}

    record Feed(FeedSource source) implements Source {}

    @Override
    public Integer call() throws Exception {
        if (sources.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "Give at least one source: --records FILE or --feed FORMAT=FILE");
        }
        Instant createdAt = signing.createdAt();
        Instant expires = signing.expiresAt(createdAt);
        // Keys and roots first: a mistake there should not wait for a feed of tens of GB to be read.
        Signers signers = new Signers(signing.privateKeys(), signing.publicKeys(), signing.rootChain());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean merging = sources.stream().anyMatch(Feed.class::isInstance);
        boolean listed = domainNames == DomainNames.listed;
        Manifest manifest;
        SortStatistics sort;
        long added = 0;
        // Closing erases the progress line and deletes the sort's spilled runs, also when reading the
        // records fails (issue 16).
        try (BuildProgressLine progress = sorting.progress(err);
                BundleWriter writer = new BundleWriter()
                        .sorting(sorting.settings(signing.out))
                        .progress(progress)) {
            if (merging) {
                writer.duplicates(BundleWriter.Duplicates.MOST_SEVERE_FIRST);
            }
            java.util.function.Consumer<ReputationRecord> add = record ->
                    writer.add(!listed && record instanceof ReputationRecord.Keyed keyed ? keyed.unlisted() : record);
            FeedOptions options = new FeedOptions(skipInvalid, createdAt, line -> {
                err.println("outpost: " + line);
                err.flush();
            });
            for (Source source : sources) {
                long[] count = {0};
                if (source instanceof RecordFile file) {
                    readRecords(file.path(), add, count);
                    out.printf("records %s: %d records%n", file.path(), count[0]);
                } else if (source instanceof Feed feed) {
                    FeedReport report = Feeds.read(feed.source(), options, record -> {
                        add.accept(record);
                        count[0]++;
                    });
                    out.println(report.summary());
                }
                out.flush();
                added += count[0];
            }
            manifest = writer.write(signing.out, signing.dataset, sequence, createdAt, expires, signers);
            sort = writer.sortStatistics();
        }
        if (merging) {
            long kept = manifest.counts().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            out.printf(
                    "merged: %d of %d records shared a key with a more severe or earlier record and were dropped%n",
                    added - kept, added);
        }
        out.printf(
                "Wrote %s: dataset %s sequence %d, %d files, %d certificates, %d urls, %d domains, %d IP ranges,"
                        + " %d bytes%n",
                signing.out,
                manifest.dataset(),
                manifest.sequence(),
                manifest.counts().get("files"),
                manifest.counts().get("certificates"),
                manifest.counts().get("urls"),
                manifest.counts().get("domains"),
                manifest.counts().get("ipRanges"),
                Files.size(signing.out));
        out.flush();
        sorting.report(sort, err);
        return 0;
    }

    /** A record file; its errors ("line 3: …") are told with the file's name in front. */
    private static void readRecords(Path file, java.util.function.Consumer<ReputationRecord> add, long[] count)
            throws java.io.IOException {
        try {
            RecordSource.read(file, record -> {
                add.accept(record);
                count[0]++;
            });
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.problemType(), file + ": " + e.detail(), e.input());
        }
    }

    /** The feed format names, for {@code --help}. */
    static final class FeedFormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return FeedFormat.ids().iterator();
        }
    }

    /**
     * Collects {@code --records} and {@code --feed} values into one list in command-line order:
     * picocli keeps each option's values apart, and the order between them is the precedence.
     */
    static final class SourceOrder implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(
                Stack<String> args, CommandLine.Model.ArgSpec argSpec, CommandLine.Model.CommandSpec commandSpec) {
            BundleBuildCommand command = (BundleBuildCommand) commandSpec.userObject();
            String option = ((CommandLine.Model.OptionSpec) argSpec).longestName();
            if (args.isEmpty() || isOption(args.peek(), commandSpec)) {
                throw new CommandLine.ParameterException(
                        commandSpec.commandLine(), "Missing required parameter for option '" + option + "'");
            }
            if (option.equals("--feed")) {
                String value = args.pop();
                try {
                    command.sources.add(new Feed(FeedSource.parse(value)));
                } catch (InvalidInputException e) {
                    throw new CommandLine.ParameterException(
                            commandSpec.commandLine(), "Invalid value for option '--feed': " + e.detail());
                }
                return;
            }
            do {
                String value = args.pop();
                try {
                    command.sources.add(new RecordFile(Path.of(value)));
                } catch (InvalidPathException e) {
                    throw new CommandLine.ParameterException(
                            commandSpec.commandLine(), "Invalid value for option '--records': " + value);
                }
            } while (!args.isEmpty() && !isOption(args.peek(), commandSpec));
        }

        /** Whether {@code arg} starts another option (or ends the options), so a file list stops before it. */
        private static boolean isOption(String arg, CommandLine.Model.CommandSpec commandSpec) {
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            return arg.equals("--") || commandSpec.optionsMap().containsKey(name);
        }
    }
}
