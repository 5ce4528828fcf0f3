package dev.outpost.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** All of Outpost's own configuration, documented in {@code application.properties}. */
@ConfigMapping(prefix = "outpost")
public interface OutpostConfig {
    /** Everything Outpost keeps lives under this directory. */
    @WithDefault("data")
    Path dataDir();

    /** {@code serve} for the server; the CLI sets {@code cli} to skip server-only work. */
    @WithDefault("serve")
    String role();

    Store store();

    Trust trust();

    Inbox inbox();

    Quarantine quarantine();

    Bundle bundle();

    Demo demo();

    Bench bench();

    Dataset dataset();

    Operator operator();

    Local local();

    Http http();

    interface Store {
        @WithDefault("67108864")
        long blockCacheBytes();

        @WithDefault("10")
        int bloomBitsPerKey();

        @WithDefault("16384")
        int blockSizeBytes();

        @WithDefault("-1")
        int maxOpenFiles();

        /** Charge partitioned index and filter blocks to the cache (bounded memory, slower gets). */
        @WithDefault("false")
        boolean cacheMetadata();
    }

    /** Whom bundles must be signed by (ADR 0006). Set root keys, or flat release keys, not both. */
    interface Trust {
        /** PEM root public keys pinned as root version 0: file paths, or {@code classpath:} resources. */
        Optional<List<String>> rootKeys();

        /** Distinct pinned root keys that must sign root version 1. */
        @WithDefault("1")
        int rootThreshold();

        /** Flat list of release keys with no root above them (test set-ups; exclusive with root keys). */
        Optional<List<String>> publicKeys();

        @WithDefault("1")
        int threshold();
    }

    interface Inbox {
        @WithDefault("true")
        boolean enabled();

        /** Defaults to {@code <data-dir>/inbox}. */
        Optional<Path> directory();

        @WithDefault("15s")
        Duration scanInterval();

        /** Glob on file names: only these are bundles; anything else in the inbox is left alone. */
        @WithDefault("*.{bundle,delta}")
        String pattern();

        /** What happens to an imported or rejected bundle in the inbox (issue 11 item 4). */
        @WithDefault("keep")
        AfterImport afterImport();

        /** How long a bundle shorter than it declares may stay unchanged before it is reported. */
        @WithDefault("30m")
        Duration incompleteTimeout();
    }

    enum AfterImport {
        /** Leave it; this replica remembers it (by SHA-256, size and time) in its data directory. */
        KEEP,
        /** Remove it once handled, unless it changed meanwhile. */
        DELETE
    }

    /** Rejected bundles kept as evidence in {@code <data-dir>/quarantine}, oldest removed first. */
    interface Quarantine {
        @WithDefault("4294967296")
        long maxBytes();

        @WithDefault("P30D")
        Duration maxAge();
    }

    interface Bundle {
        @WithDefault("17179869184")
        long maxBundleBytes();

        @WithDefault("1000000000")
        long maxEntriesPerPart();

        @WithDefault("1000000")
        int maxThreatNames();

        /** How far a bundle's {@code created} may lie after the import's start (issue 11 item 11). */
        @WithDefault("1h")
        Duration maxClockSkew();
    }

    interface Bench {
        /** Serves the constant-answer baseline endpoint used by the benchmark suite; off in production. */
        @WithDefault("false")
        boolean enabled();
    }

    /** Freshness of the active dataset (freeze protection, ADR 0006). */
    interface Dataset {
        /** Readiness calls a dataset stale once its bundle was created longer ago than this. */
        Optional<java.time.Duration> maxAge();

        /** {@code fail}: a stale dataset makes readiness DOWN (fail closed); {@code warn}: UP, flagged. */
        @WithDefault("fail")
        WhenStale whenStale();
    }

    enum WhenStale {
        FAIL,
        WARN
    }

    interface Demo {
        /** A bundle imported at first start when no dataset is active (demo profile only). */
        Optional<String> bundle();
    }

    interface Operator {
        /** {@code NAME:SHA256HEX} of each operator token (ADR 0009); none = the operator API is off. */
        Optional<List<String>> tokens();
    }

    interface Local {
        /** How often each replica looks for local verdicts written by another one. */
        @WithDefault("10s")
        Duration refreshInterval();
    }

    /** What one HTTP client may hold of the appliance (issue 11 item 1). */
    interface Http {
        /** Open connections per client address; more are refused with 429. */
        @WithDefault("512")
        int maxConnectionsPerClient();

        /** A request body must have arrived whole within this time of its headers, or it is cut with 408. */
        @WithDefault("10s")
        Duration bodyTimeout();

        /** Largest request body read: 10,000 bulk items of up to 2 KiB each on average. */
        @WithDefault("20971520")
        long maxBodyBytes();

        /** Request bodies held in memory at once across all clients; one client reserves at most half. */
        @WithDefault("67108864")
        long maxBufferedBodyBytes();
    }
}
