package dev.outpost.store.rocksdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.UrlKey;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.Generation;
import dev.outpost.store.StoreException;

/**
 * One opened, immutable generation. Reference counted: the store holds one reference while the
 * generation is active or kept as fallback, every lease holds one more, and the native handles are
 * closed when the last reference goes, so a lookup in flight never touches a closed database.
 */
final class RocksGeneration {
    private final Path directory;
    private final RocksDB db;
    private final ColumnFamilyHandle metaHandle;
    private final Map<KeySpace, ColumnFamilyHandle> handles;
    private final RocksResources resources;
    private final DatasetInfo info;
    private final String[] threatNames;
    private static final Logger LOG = Logger.getLogger(RocksGeneration.class);

    /**
     * Prefix sets of the key spaces probed many keys at a time and mostly missed (ADR 0008): a read
     * filter over bytes that distinguish keys, and a set over the leading bytes that lookups ask
     * about before they compute whole keys ({@link #mayContainLeading}).
     */
    private final Map<KeySpace, KeyPrefixSet> readFilters = new EnumMap<>(KeySpace.class);

    private final Map<KeySpace, KeyPrefixSet> leadingSets = new EnumMap<>(KeySpace.class);

    private final IpPrefixLengths ipPrefixLengths;
    /** Store reference plus open leases; 0 means closed. */
    private final AtomicInteger references = new AtomicInteger(1);

    private Runnable onClose = () -> {};

    private RocksGeneration(
            Path directory,
            RocksDB db,
            ColumnFamilyHandle metaHandle,
            Map<KeySpace, ColumnFamilyHandle> handles,
            RocksResources resources) {
        this.directory = directory;
        this.db = db;
        this.metaHandle = metaHandle;
        this.handles = handles;
        this.resources = resources;
        this.info = MetaCodec.decodeInfo(read(metaHandle, MetaCodec.INFO_KEY));
        this.threatNames = readNames();
        long budget = resources.prefixSetBudgetBytes;
        if (handles.containsKey(KeySpace.DOMAIN_SHA256)) {
            KeyPrefixSet[] domains = prefixSets(KeySpace.DOMAIN_SHA256, budget, 0);
            if (domains != null) {
                readFilters.put(KeySpace.DOMAIN_SHA256, domains[0]);
                leadingSets.put(KeySpace.DOMAIN_SHA256, domains[0]);
                budget -= KeyPrefixSet.bytesFor(domains[0].size(), 1);
            }
        }
        if (handles.containsKey(KeySpace.URL_EXPRESSION)) {
            // A URL key leads with its host's digest, then the expression's: the host part gates a
            // host's expressions, the expression part filters reads. One scan builds both.
            KeyPrefixSet[] urls = prefixSets(KeySpace.URL_EXPRESSION, budget, 0, UrlKey.EXPRESSION_OFFSET);
            if (urls != null) {
                leadingSets.put(KeySpace.URL_EXPRESSION, urls[0]);
                readFilters.put(KeySpace.URL_EXPRESSION, urls[1]);
            }
        }
        this.ipPrefixLengths = handles.containsKey(KeySpace.IP_RANGE)
                ? IpPrefixLengths.build(db, handles.get(KeySpace.IP_RANGE))
                : IpPrefixLengths.NONE;
    }

    /**
     * The prefix sets of {@code space} at {@code offsets}, or null when they do not fit in {@code
     * budget} bytes of heap. A dataset that outgrows the heap must still open: without its sets a
     * key space answers the same, each miss costing a RocksDB read that its Bloom filter usually
     * stops (issue 17: 10M URL expressions needed 160 MB, and a 192 MB heap ran out at start).
     */
    private KeyPrefixSet[] prefixSets(KeySpace space, long budget, int... offsets) {
        long keys = countEntries(space);
        long maxKeys = Math.max(0, budget) / KeyPrefixSet.bytesFor(1, offsets.length);
        KeyPrefixSet[] sets = keys <= maxKeys && keys <= KeyPrefixSet.MAX_KEYS
                ? KeyPrefixSet.build(db, handles.get(space), keys, maxKeys, offsets)
                : null;
        if (sets == null) {
            LOG.warnf(
                    "%s: %d keys need %d MiB of heap for their prefix sets, over the %d MiB left of"
                            + " outpost.store.prefix-set-heap-percent; their misses are answered by RocksDB's"
                            + " filters instead (slower, same answers). A larger -Xmx or percentage restores them.",
                    space.id(), keys, KeyPrefixSet.bytesFor(keys, offsets.length) >> 20, Math.max(0, budget) >> 20);
        }
        return sets;
    }

    /** Whether reads of {@code space} go through an in-memory prefix set (tests). */
    boolean prefixFiltered(KeySpace space) {
        return readFilters.containsKey(space);
    }

    /** Column families of every generation: the default one holds metadata. */
    static List<ColumnFamilyDescriptor> descriptors(RocksResources resources) {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, resources.columnFamilyOptions));
        for (KeySpace space : KeySpace.values()) {
            descriptors.add(new ColumnFamilyDescriptor(
                    space.id().getBytes(StandardCharsets.US_ASCII), resources.columnFamilyOptions));
        }
        return descriptors;
    }

    /**
     * Opens a generation read-only. A generation built before a key space existed (ADR 0008 added
     * the web ones) lacks its column family; that space then reads as empty.
     */
    static RocksGeneration openReadOnly(Path directory, RocksResources resources) {
        List<ColumnFamilyHandle> handleList = new ArrayList<>();
        List<KeySpace> present = new ArrayList<>();
        RocksDB db;
        try (org.rocksdb.Options listing = new org.rocksdb.Options()) {
            List<String> existing = RocksDB.listColumnFamilies(listing, directory.toString()).stream()
                    .map(name -> new String(name, StandardCharsets.US_ASCII))
                    .toList();
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, resources.columnFamilyOptions));
            for (KeySpace space : KeySpace.values()) {
                if (existing.contains(space.id())) {
                    present.add(space);
                    descriptors.add(new ColumnFamilyDescriptor(
                            space.id().getBytes(StandardCharsets.US_ASCII), resources.columnFamilyOptions));
                }
            }
            db = RocksDB.openReadOnly(resources.readOnlyDbOptions, directory.toString(), descriptors, handleList);
        } catch (RocksDBException e) {
            throw new StoreException("cannot open generation " + directory + ": " + e.getMessage(), e);
        }
        Map<KeySpace, ColumnFamilyHandle> handles = new EnumMap<>(KeySpace.class);
        for (int i = 0; i < present.size(); i++) {
            handles.put(present.get(i), handleList.get(i + 1));
        }
        try {
            return new RocksGeneration(directory, db, handleList.get(0), handles, resources);
        } catch (RuntimeException e) {
            closeHandles(db, handleList);
            throw e;
        }
    }

    private String[] readNames() {
        int count = MetaCodec.decodeInt(read(metaHandle, MetaCodec.NAME_COUNT_KEY));
        String[] names = new String[count];
        for (int id = 0; id < count; id++) {
            byte[] bytes = read(metaHandle, MetaCodec.nameKey(id));
            if (bytes == null) {
                throw new StoreException("generation " + directory + " is missing threat name " + id);
            }
            names[id] = new String(bytes, StandardCharsets.UTF_8);
        }
        return names;
    }

    private byte[] read(ColumnFamilyHandle handle, byte[] key) {
        try {
            return db.get(handle, resources.readOptions, key);
        } catch (RocksDBException e) {
            throw new StoreException("read from generation " + directory + " failed: " + e.getMessage(), e);
        }
    }

    DatasetInfo info() {
        return info;
    }

    String[] threatNames() {
        return threatNames;
    }

    /** False when no key of {@code space} starts with the first four bytes of {@code leading}. */
    boolean mayContainLeading(KeySpace space, byte[] leading) {
        if (!handles.containsKey(space)) {
            return false;
        }
        KeyPrefixSet set = leadingSets.get(space);
        return set == null || set.mayContain(leading);
    }

    int[] ipPrefixLengths(int family) {
        return ipPrefixLengths.of(family);
    }

    byte[] get(KeySpace space, byte[] key) {
        KeyPrefixSet prefixes = readFilters.get(space);
        if (!handles.containsKey(space) || (prefixes != null && !prefixes.mayContain(key))) {
            return null;
        }
        try {
            return db.get(handles.get(space), resources.readOptions, key);
        } catch (RocksDBException e) {
            throw new StoreException("get from " + space.id() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Keys per native multi-get. A multi-get pins every data block it reads until it returns, beyond
     * the cache's capacity: 10,000 keys over a dataset larger than the cache pinned up to 160 MB of
     * 16 KiB blocks per request, and 16 such requests took the server to 1.2 GB resident (measured,
     * issue 3). 256 keys pin at most 4 MiB and keep nearly all of the batching gain.
     */
    static final int MULTI_GET_CHUNK = 256;

    List<byte[]> getAll(KeySpace space, List<byte[]> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        if (!handles.containsKey(space)) {
            return new ArrayList<>(Collections.nCopies(keys.size(), (byte[]) null));
        }
        KeyPrefixSet prefixes = readFilters.get(space);
        return prefixes == null ? getAllUnfiltered(space, keys) : getAllFiltered(space, keys, prefixes);
    }

    private List<byte[]> getAllUnfiltered(KeySpace space, List<byte[]> keys) {
        try {
            List<ColumnFamilyHandle> chunkHandles = Collections.nCopies(MULTI_GET_CHUNK, handles.get(space));
            List<byte[]> values = new ArrayList<>(keys.size());
            for (int from = 0; from < keys.size(); from += MULTI_GET_CHUNK) {
                int to = Math.min(keys.size(), from + MULTI_GET_CHUNK);
                values.addAll(db.multiGetAsList(
                        resources.readOptions, chunkHandles.subList(0, to - from), keys.subList(from, to)));
            }
            return values;
        } catch (RocksDBException e) {
            throw new StoreException("multi-get from " + space.id() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Read-ahead of an export's scan: the scan reads each table file front to back once, so large
     * reads cost fewer system calls; 2 MiB is RocksDB's own suggestion for sequential scans.
     */
    static final long SCAN_READAHEAD_BYTES = 2L << 20;

    /**
     * Every entry of {@code space} in key order (issue 16: the RPZ and Bloom exports). The iterator
     * and its options live only for the scan; blocks are not added to the shared cache, so an export
     * of the whole dataset does not evict what lookups keep hot, and checksums are verified because
     * each block is read once.
     */
    void forEach(KeySpace space, Generation.EntryVisitor visitor) {
        ColumnFamilyHandle handle = handles.get(space);
        if (handle == null) {
            return;
        }
        try (ReadOptions scan = new ReadOptions()
                        .setFillCache(false)
                        .setVerifyChecksums(true)
                        .setReadaheadSize(SCAN_READAHEAD_BYTES);
                RocksIterator entries = db.newIterator(handle, scan)) {
            for (entries.seekToFirst(); entries.isValid(); entries.next()) {
                visitor.visit(entries.key(), entries.value());
            }
            // isValid() is also false when the scan stopped on an error; status() tells which.
            entries.status();
        } catch (RocksDBException e) {
            throw new StoreException("scan of " + space.id() + " in " + directory + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Entries in one key space. Exact for generations built by ingesting SST files, which hold no
     * deletions or overwrites, so it serves as the post-ingest count check.
     */
    long countEntries(KeySpace space) {
        if (!handles.containsKey(space)) {
            return 0;
        }
        try {
            return db.getLongProperty(handles.get(space), "rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            throw new StoreException("counting " + space.id() + " failed: " + e.getMessage(), e);
        }
    }

    /** Reads only the keys whose prefix is present; the others are misses without a read. */
    private List<byte[]> getAllFiltered(KeySpace space, List<byte[]> keys, KeyPrefixSet prefixes) {
        int[] positions = null;
        List<byte[]> candidates = null;
        for (int i = 0; i < keys.size(); i++) {
            if (prefixes.mayContain(keys.get(i))) {
                if (candidates == null) {
                    positions = new int[keys.size()];
                    candidates = new ArrayList<>();
                }
                positions[candidates.size()] = i;
                candidates.add(keys.get(i));
            }
        }
        if (candidates == null) {
            // All misses, the usual answer: nothing to read and nothing to copy.
            return Collections.nCopies(keys.size(), null);
        }
        List<byte[]> values = new ArrayList<>(Collections.nCopies(keys.size(), (byte[]) null));
        if (candidates.size() == 1) {
            // The usual case of a hit: one plain get costs less than a one-key multi-get.
            values.set(positions[0], get(space, candidates.get(0)));
            return values;
        }
        List<byte[]> found = getAllUnfiltered(space, candidates);
        for (int j = 0; j < candidates.size(); j++) {
            values.set(positions[j], found.get(j));
        }
        return values;
    }

    /** Takes a reference unless the generation is already closed. */
    boolean retain() {
        while (true) {
            int current = references.get();
            if (current == 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Called once the native handles are closed (the store counts open generations). */
    RocksGeneration onClose(Runnable action) {
        this.onClose = action;
        return this;
    }

    /** Drops a reference; the last one closes the native handles. */
    void release() {
        if (references.decrementAndGet() == 0) {
            List<ColumnFamilyHandle> all = new ArrayList<>(handles.values());
            all.add(metaHandle);
            closeHandles(db, all);
            onClose.run();
        }
    }

    /** Column family handles first, then the database (RocksDB's documented order). */
    private static void closeHandles(RocksDB db, List<ColumnFamilyHandle> handles) {
        for (ColumnFamilyHandle handle : handles) {
            handle.close();
        }
        db.close();
    }
}
