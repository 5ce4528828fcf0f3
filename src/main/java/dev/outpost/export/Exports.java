package dev.outpost.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.outpost.local.LocalIndex;
import dev.outpost.local.LocalVerdicts;
import dev.outpost.lookup.NoDatasetException;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.Generation;
import dev.outpost.store.GenerationStore;

/**
 * The RPZ and Bloom exports (issue 16, docs/exports.md) of the active generation with the local
 * verdicts in force, for the operator API and the {@code outpost export} commands. Each export holds
 * one lease for its whole walk, so it never mixes two datasets, and reads the local verdicts as they
 * stood when it began.
 */
@ApplicationScoped
public class Exports {
    /** The largest Bloom filter built (issue 16): its bit array is held in memory whole. */
    public static final long MAX_BLOOM_BYTES = 2L << 30;

    private final GenerationStore store;
    private final LocalVerdicts localVerdicts;
    /**
     * Bloom filters the server holds at once, from the start of their build to the end of their
     * answer: each may take {@link #maxBloomBytes maxBloomBytes(SERVED_FILTERS)}, so together they
     * stay within half the heap however slowly their clients read.
     */
    private final Semaphore servedFilters = new Semaphore(SERVED_FILTERS);

    public Exports(GenerationStore store, LocalVerdicts localVerdicts) {
        this.store = store;
        this.localVerdicts = localVerdicts;
    }

    /** The active dataset; fails with {@link NoDatasetException} (503) before any byte is written. */
    public DatasetInfo activeDataset() {
        return store.activeInfo().orElseThrow(NoDatasetException::new);
    }

    /** Writes the RPZ zone to {@code out}, streaming; returns what it holds. */
    public RpzExport.Summary rpz(RpzOptions options, OutputStream out) throws IOException {
        LocalIndex local = localVerdicts.current();
        Instant now = Instant.now();
        try (Generation generation = store.acquire().orElseThrow(NoDatasetException::new)) {
            return RpzExport.write(options, generation, local, now, out);
        }
    }

    /**
     * One of the {@link #SERVED_FILTERS} places for a filter built for an answer: taken before the
     * build, given back by {@link #release} once the answer has ended, however it ended. Releasing
     * also drops the filter, so that nothing this holds keeps it in memory after its place is free.
     */
    public static final class Served {
        private final AtomicBoolean released = new AtomicBoolean();
        private final Semaphore permits;
        private volatile BloomExport.Built built;

        private Served(Semaphore permits) {
            this.permits = permits;
        }

        /** The filter, or null before it is built and once released. */
        public BloomExport.Built built() {
            return built;
        }

        /** Lets another filter be built; only the first call counts. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                built = null;
                permits.release();
            }
        }

        public boolean released() {
            return released.get();
        }
    }

    /**
     * Takes a place for a filter: at most {@link #SERVED_FILTERS} are built or being sent at once;
     * beyond that the request is refused ({@link ExportBusyException}, 503) rather than queued,
     * since a queued build would hold its request's thread for as long as another client reads
     * slowly. The caller arranges the release before it builds ({@link #buildBloom}).
     */
    public Served reserveBloom() {
        if (!servedFilters.tryAcquire()) {
            throw new ExportBusyException(SERVED_FILTERS);
        }
        return new Served(servedFilters);
    }

    /**
     * Builds the Bloom filter into its place, in memory, so that a filter too large is refused
     * before the response begins; a failed build gives the place back. Nothing is built for a place
     * already released (its client has gone).
     */
    public void buildBloom(Served served, BloomOptions options) {
        try {
            BloomExport.Built built = bloom(options, maxBloomBytes(SERVED_FILTERS));
            if (!served.released()) {
                served.built = built;
            }
        } catch (RuntimeException | Error e) {
            served.release();
            throw e;
        }
    }

    private BloomExport.Built bloom(BloomOptions options, long maxBytes) {
        LocalIndex local = localVerdicts.current();
        Instant now = Instant.now();
        try (Generation generation = store.acquire().orElseThrow(NoDatasetException::new)) {
            return BloomExport.build(options, generation, local, now, maxBytes);
        }
    }

    /** Filters the server holds at once, built or being sent. */
    static final int SERVED_FILTERS = 2;

    /**
     * The cap on a filter's size: {@link #MAX_BLOOM_BYTES}, or the share of half this JVM's heap
     * that each of {@code filters} filters held at once may take, if that is less; the other half is
     * left for everything else.
     */
    static long maxBloomBytes(int filters) {
        return Math.min(MAX_BLOOM_BYTES, Runtime.getRuntime().maxMemory() / 2 / filters);
    }

    /** Writes {@code filter} to {@code out}, gzipped if asked. */
    public static void writeBloom(DcsoBloomFilter filter, boolean gzip, OutputStream out) throws IOException {
        if (gzip) {
            GZIPOutputStream compressed = new GZIPOutputStream(out, 64 * 1024);
            filter.write(compressed);
            compressed.finish();
            compressed.flush();
        } else {
            filter.write(out);
        }
    }

    /** {@code outpost export rpz}: the zone written whole to a temporary file, then moved into place. */
    public RpzExport.Summary rpzFile(RpzOptions options, Path file) throws IOException {
        RpzExport.Summary[] summary = new RpzExport.Summary[1];
        writeAtomically(file, out -> summary[0] = rpz(options, out));
        return summary[0];
    }

    /** {@code outpost export bloom}: the filter written whole to a temporary file, then moved into place. */
    public BloomExport.Built bloomFile(BloomOptions options, Path file) throws IOException {
        // The command line builds one filter and writes it: it may take half the heap.
        BloomExport.Built built = bloom(options, maxBloomBytes(1));
        writeAtomically(file, out -> writeBloom(built.filter(), options.gzip(), out));
        return built;
    }

    @FunctionalInterface
    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code body} to a temporary file beside {@code file}, forces it to disk and renames it
     * over {@code file}: a resolver or a reader of the old file never sees half of the new one, and a
     * failed export leaves the old file as it was.
     */
    private static void writeAtomically(Path file, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        // Created with the process's umask like any file (not 0600 as a temporary file would be), so
        // that a resolver running as its own user can read the zone.
        Path partial = target.resolveSibling(
                "." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".partial");
        try {
            try (FileChannel channel =
                            FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024)) {
                body.write(out);
                out.flush();
                channel.force(true);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
