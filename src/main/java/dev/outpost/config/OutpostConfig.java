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

    Bundle bundle();

    Demo demo();

    Bench bench();

    Dataset dataset();

    Operator operator();

    Local local();

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
}
