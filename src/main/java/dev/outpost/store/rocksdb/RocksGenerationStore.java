package dev.outpost.store.rocksdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.outpost.reputation.KeySpace;
import dev.outpost.store.BlockCacheUsage;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.DeltaBuilder;
import dev.outpost.store.Generation;
import dev.outpost.store.GenerationBuilder;
import dev.outpost.store.GenerationStore;
import dev.outpost.store.StoreException;
import dev.outpost.store.StoreTuning;

/**
 * Generations on disk (ADR 0003):
 *
 * <pre>
 * generations/
 *   .lock                      held while a process owns the store
 *   ACTIVE                     sequence of the active generation, replaced atomically
 *   00000000000000000007/      active generation (a RocksDB database)
 *   00000000000000000006/      previous generation, kept for fallback
 *   00000000000000000008.building/   an import in progress; removed on restart
 * </pre>
 *
 * <p>At start every other generation directory is removed too: a kill between a generation's rename
 * and the ACTIVE rename leaves one that nothing points to (issue 11 item 18).
 *
 * The ACTIVE file is the single commit point: a crash before its rename leaves the old generation
 * active, after it the new one, never a mix.
 */
public final class RocksGenerationStore implements GenerationStore {
    private static final Logger LOG = Logger.getLogger(RocksGenerationStore.class);
    private static final String ACTIVE_FILE = "ACTIVE";
    private static final String BUILDING_SUFFIX = ".building";
    private static final Pattern GENERATION_NAME = Pattern.compile("\\d{20}");
    /** Entries of the store directory that are neither generations nor builds. */
    private static final Set<String> KNOWN_ENTRIES = Set.of(".lock", ACTIVE_FILE, ACTIVE_FILE + ".tmp");

    private final Path root;
    private final RocksResources resources;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicReference<RocksGeneration> active = new AtomicReference<>();
    /** Generations whose native handles are still open; shared resources outlive all of them. */
    private final java.util.concurrent.atomic.AtomicInteger openGenerations =
            new java.util.concurrent.atomic.AtomicInteger();

    private static final long CLOSE_DRAIN_MILLIS = 5_000;
    private volatile boolean open;

    private RocksGenerationStore(Path root, RocksResources resources, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.resources = resources;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the active generation for reading only, without the lock and without recovery, so that
     * the CLI can look things up beside a running server. Such a store cannot build or activate.
     */
    public static RocksGenerationStore openReadOnly(Path generationsDirectory, StoreTuning tuning) {
        RocksGenerationStore store =
                new RocksGenerationStore(generationsDirectory, new RocksResources(tuning), null, null);
        if (Files.isDirectory(generationsDirectory)) {
            store.readActivePointer()
                    .ifPresent(sequence -> store.active.set(store.track(
                            RocksGeneration.openReadOnly(store.generationDirectory(sequence), store.resources))));
        }
        store.open = true;
        return store;
    }

    /** Whether a process holds the store's lock; for the CLI to refuse early with a clear message. */
    public static boolean isLocked(Path generationsDirectory) {
        Path lockFile = generationsDirectory.resolve(".lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Opens the store under {@code generationsDirectory}, taking its lock, removing interrupted
     * builds and opening the active generation if there is one.
     */
    public static RocksGenerationStore open(Path generationsDirectory, StoreTuning tuning) {
        FileChannel channel = null;
        try {
            Files.createDirectories(generationsDirectory);
            channel = FileChannel.open(
                    generationsDirectory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by this very JVM: the same conflict as another process
            }
            if (lock == null) {
                throw new StoreException("the data directory " + generationsDirectory.getParent()
                        + " is in use by another Outpost process (stop it, or use its inbox)");
            }
            RocksGenerationStore store =
                    new RocksGenerationStore(generationsDirectory, new RocksResources(tuning), channel, lock);
            store.recover();
            return store;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot open store in " + generationsDirectory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private void recover() {
        for (Path building :
                entries().stream().filter(RocksGenerationStore::isBuilding).toList()) {
            LOG.infof("Removing interrupted build %s", building.getFileName());
            FileTrees.deleteRecursively(building);
        }
        Optional<Long> activeSequence = readActivePointer();
        Long damaged = null;
        if (activeSequence.isPresent()) {
            Path directory = generationDirectory(activeSequence.get());
            try {
                active.set(track(RocksGeneration.openReadOnly(directory, resources)));
                LOG.infof("Opened active generation %d", activeSequence.get());
            } catch (StoreException e) {
                LOG.errorf(
                        "Active generation %d does not open (%s); falling back", activeSequence.get(), e.getMessage());
                fallBackFrom(activeSequence.get());
                damaged = activeSequence.get();
            }
        }
        RocksGeneration opened = active.get();
        if (opened != null) {
            if (damaged != null) {
                setAside(damaged);
            }
            removeUncommitted(opened.info().sequence());
        } else if (activeSequence.isEmpty()) {
            removeUncommitted(null);
        } else {
            LOG.error("No generation opened, so every generation directory is left on disk for the operator");
        }
        open = true;
    }

    /**
     * Issue 11 item 18: a kill between a generation's rename into place and the ACTIVE rename leaves a
     * complete generation that nothing points to (ADR 0003: ACTIVE is the only commit point), and
     * nothing else would ever remove it. Keeps {@code activeSequence} and the newest generation below
     * it (the previous one that activation keeps) and removes every other generation directory. With
     * no ACTIVE file ({@code null}) nothing was ever committed, so no generation is kept. Only real
     * directories named as generations are touched; anything else is left alone and reported.
     */
    private void removeUncommitted(Long activeSequence) {
        Long previous = null;
        if (activeSequence != null) {
            for (long sequence : generationSequences()) {
                if (sequence < activeSequence) {
                    previous = sequence;
                }
            }
        }
        for (Path entry : entries()) {
            String name = entry.getFileName().toString();
            Optional<Long> sequence = generationSequence(entry);
            if (sequence.isPresent()) {
                long found = sequence.get();
                if (!Long.valueOf(found).equals(activeSequence)
                        && !Long.valueOf(found).equals(previous)) {
                    LOG.warnf(
                            "Removing generation %d: it is neither the active generation (%s) nor the previous one",
                            found, activeSequence == null ? "none" : activeSequence);
                    try {
                        FileTrees.deleteRecursively(entry);
                    } catch (UncheckedIOException e) {
                        // Leftovers cost disk, not correctness: the store still opens, and the next start retries.
                        LOG.errorf(
                                "Cannot remove generation %d: %s",
                                found, e.getCause().getMessage());
                    }
                }
            } else if (!KNOWN_ENTRIES.contains(name) && !isBuilding(entry)) {
                LOG.warnf("Leaving %s in %s alone: it is not part of the generation store", name, root);
            }
        }
    }

    /**
     * A generation that ACTIVE named but that did not open is never deleted: the failure may have
     * been passing (no file handles, no memory) and it holds the newest data. Renamed out of the
     * generation namespace, it is left for the operator, and reported at every start.
     */
    private void setAside(long sequence) {
        Path directory = generationDirectory(sequence);
        Path aside = directory.resolveSibling(directory.getFileName() + ".damaged");
        try {
            if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) && !Files.exists(aside)) {
                Files.move(directory, aside);
                LOG.errorf(
                        "Generation %d did not open and is set aside as %s for the operator to inspect or remove",
                        sequence, aside.getFileName());
            }
        } catch (IOException e) {
            LOG.errorf("Cannot set generation %d aside: %s", sequence, e.getMessage());
        }
    }

    /** Opens the newest older generation when the active one is damaged, and records it as active. */
    private void fallBackFrom(long damaged) {
        TreeSet<Long> older = new TreeSet<>(generationSequences());
        for (Long candidate : older.headSet(damaged, false).descendingSet()) {
            try {
                RocksGeneration generation =
                        track(RocksGeneration.openReadOnly(generationDirectory(candidate), resources));
                writeActivePointer(candidate);
                active.set(generation);
                LOG.warnf("Generation %d is active again after generation %d failed to open", candidate, damaged);
                return;
            } catch (StoreException e) {
                LOG.errorf("Fallback generation %d does not open either: %s", candidate, e.getMessage());
            }
        }
        LOG.error("No generation could be opened; the store is empty until a bundle is imported");
    }

    @Override
    public Optional<Generation> acquire() {
        while (true) {
            RocksGeneration current = active.get();
            if (current == null) {
                return Optional.empty();
            }
            if (current.retain()) {
                return Optional.of(new Lease(current));
            }
            // Lost a race with a switch that closed it; the reference now points to the newer one.
        }
    }

    @Override
    public Optional<DatasetInfo> activeInfo() {
        RocksGeneration current = active.get();
        return current == null ? Optional.empty() : Optional.of(current.info());
    }

    @Override
    public GenerationBuilder newGeneration(long sequence) {
        requireOpen();
        return new RocksGenerationBuilder(sequence, root.resolve(directoryName(sequence) + BUILDING_SUFFIX), resources);
    }

    @Override
    public DeltaBuilder newDeltaGeneration(long sequence) {
        requireOpen();
        RocksGeneration base = active.get();
        if (base == null || !base.retain()) {
            throw new StoreException("no generation is active to apply a delta to");
        }
        try {
            return RocksGenerationBuilder.fromBase(
                    sequence,
                    root.resolve(directoryName(sequence) + BUILDING_SUFFIX),
                    resources,
                    generationDirectory(base.info().sequence()),
                    base.threatNames().length);
        } finally {
            base.release();
        }
    }

    @Override
    public synchronized void activate(GenerationBuilder sealed) {
        requireOpen();
        if (!(sealed instanceof RocksGenerationBuilder builder) || !builder.isSealed()) {
            throw new IllegalStateException("only a sealed generation of this store can be activated");
        }
        RocksGeneration current = active.get();
        if (current != null && builder.sequence() <= current.info().sequence()) {
            throw new StoreException("generation " + builder.sequence() + " is not newer than the active "
                    + current.info().sequence());
        }
        Path target = generationDirectory(builder.sequence());
        FileTrees.deleteRecursively(target);
        RocksGeneration next;
        try {
            Files.move(builder.databaseDirectory(), target, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.syncDirectory(root);
            next = track(RocksGeneration.openReadOnly(target, resources));
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteRecursively(target);
            throw new StoreException("cannot install generation " + builder.sequence() + ": " + e.getMessage(), e);
        }
        try {
            verifyLoaded(next, builder);
            writeActivePointer(builder.sequence());
        } catch (RuntimeException e) {
            next.release();
            FileTrees.deleteRecursively(target);
            throw e;
        }
        RocksGeneration previous = active.getAndSet(next);
        if (previous != null) {
            previous.release();
        }
        prune(builder.sequence(), previous == null ? null : previous.info().sequence());
    }

    /** Test-load: the generation opens, describes itself, and holds exactly the entries written. */
    private void verifyLoaded(RocksGeneration generation, RocksGenerationBuilder builder) {
        if (generation.info().sequence() != builder.sequence()) {
            throw new StoreException("generation metadata names sequence "
                    + generation.info().sequence() + " instead of " + builder.sequence());
        }
        for (Map.Entry<KeySpace, Long> entry : builder.entryCounts().entrySet()) {
            long stored = generation.countEntries(entry.getKey());
            if (stored != entry.getValue()) {
                throw new StoreException("key space " + entry.getKey().id() + " holds " + stored
                        + " entries after ingest, expected " + entry.getValue());
            }
        }
    }

    /** Keeps the active and the previous generation; removes every other one. */
    private void prune(long keep, Long alsoKeep) {
        for (Long sequence : generationSequences()) {
            if (sequence != keep && !sequence.equals(alsoKeep)) {
                LOG.infof("Pruning generation %d", sequence);
                FileTrees.deleteRecursively(generationDirectory(sequence));
            }
        }
    }

    private RocksGeneration track(RocksGeneration generation) {
        openGenerations.incrementAndGet();
        return generation.onClose(openGenerations::decrementAndGet);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Synchronized with {@link #close()}: the cache must not be read once it is freed. */
    @Override
    public synchronized Optional<BlockCacheUsage> blockCache() {
        if (!open) {
            return Optional.empty();
        }
        return Optional.of(new BlockCacheUsage(
                resources.blockCache.getUsage(), resources.blockCache.getPinnedUsage(), resources.blockCacheBytes));
    }

    @Override
    public synchronized void close() {
        if (!open) {
            return;
        }
        open = false;
        RocksGeneration current = active.getAndSet(null);
        if (current != null) {
            current.release();
        }
        // Lookups still in flight hold leases; freeing the shared cache and options under them would
        // crash the JVM, so wait for them, and if they do not finish, leave the memory to process exit.
        long deadline = System.nanoTime() + CLOSE_DRAIN_MILLIS * 1_000_000;
        while (openGenerations.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (openGenerations.get() == 0) {
            resources.close();
        } else {
            LOG.warnf(
                    "%d generation(s) still leased at close; native resources are left to process exit",
                    openGenerations.get());
        }
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException e) {
                LOG.warnf("Releasing the store lock failed: %s", e.getMessage());
            }
        }
        closeQuietly(lockChannel);
    }

    private void requireOpen() {
        if (!open) {
            throw new StoreException("the store is closed");
        }
        if (lock == null) {
            throw new StoreException("the store is open read-only");
        }
    }

    private Optional<Long> readActivePointer() {
        Path pointer = root.resolve(ACTIVE_FILE);
        if (!Files.exists(pointer)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(
                    Files.readString(pointer, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            throw new StoreException("the active generation pointer " + pointer + " is unreadable: " + e.getMessage());
        }
    }

    /** Write, fsync, rename, fsync the directory: the rename is the commit point. */
    private void writeActivePointer(long sequence) {
        Path temporary = root.resolve(ACTIVE_FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap((sequence + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        } catch (IOException e) {
            throw new StoreException("cannot write the active generation pointer: " + e.getMessage(), e);
        }
        try {
            Files.move(temporary, root.resolve(ACTIVE_FILE), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StoreException("cannot commit the active generation pointer: " + e.getMessage(), e);
        }
        FileTrees.syncDirectory(root);
    }

    private List<Long> generationSequences() {
        return entries().stream()
                .map(RocksGenerationStore::generationSequence)
                .flatMap(Optional::stream)
                .sorted()
                .toList();
    }

    /**
     * The sequence of a generation directory: a real directory (not a link to one) whose name is
     * exactly the 20-digit form of a sequence, so that pruning never follows a link out of the store.
     */
    private static Optional<Long> generationSequence(Path entry) {
        String name = entry.getFileName().toString();
        if (!GENERATION_NAME.matcher(name).matches() || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(name));
        } catch (NumberFormatException e) {
            return Optional.empty(); // twenty digits beyond the range of a sequence
        }
    }

    private static boolean isBuilding(Path entry) {
        return entry.getFileName().toString().endsWith(BUILDING_SUFFIX)
                && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
    }

    private List<Path> entries() {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.toList();
        } catch (IOException e) {
            throw new StoreException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private Path generationDirectory(long sequence) {
        return root.resolve(directoryName(sequence));
    }

    private static String directoryName(long sequence) {
        return String.format("%020d", sequence);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing useful to do when closing a lock file fails.
            }
        }
    }

    /** Whether the active generation reads {@code space} through an in-memory prefix set (tests). */
    boolean prefixFiltered(dev.outpost.reputation.KeySpace space) {
        RocksGeneration generation = active.get();
        return generation != null && generation.prefixFiltered(space);
    }

    /** A lease; idempotent close so that a double close cannot drop someone else's reference. */
    private static final class Lease implements Generation {
        private final RocksGeneration generation;
        private boolean closed;

        Lease(RocksGeneration generation) {
            this.generation = generation;
        }

        @Override
        public DatasetInfo info() {
            return generation.info();
        }

        @Override
        public String[] threatNames() {
            return generation.threatNames();
        }

        @Override
        public byte[] get(KeySpace space, byte[] key) {
            return generation.get(space, key);
        }

        @Override
        public List<byte[]> getAll(KeySpace space, List<byte[]> keys) {
            return generation.getAll(space, keys);
        }

        @Override
        public boolean mayContainLeading(KeySpace space, byte[] leading) {
            return generation.mayContainLeading(space, leading);
        }

        @Override
        public int[] ipPrefixLengths(int family) {
            return generation.ipPrefixLengths(family);
        }

        @Override
        public void forEach(KeySpace space, EntryVisitor visitor) {
            if (closed) {
                throw new IllegalStateException("the lease on this generation is closed");
            }
            generation.forEach(space, visitor);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                generation.release();
            }
        }
    }
}
