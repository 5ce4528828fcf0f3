package dev.outpost.store.rocksdb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileWriter;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import dev.outpost.reputation.KeySpace;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.DeltaBuilder;
import dev.outpost.store.StoreException;

/**
 * Builds a generation in {@code generations/<sequence>.building/}: each key space is streamed into
 * one SST file with {@link SstFileWriter}, then the files are ingested (moved, not copied) into a
 * fresh database, the fastest bulk path RocksDB offers for sorted input.
 *
 * <p>For a delta ({@link #fromBase}) the database starts as a copy of the active generation instead:
 * its SST files, immutable, are hard-linked and the few small files beside them copied, as a
 * RocksDB checkpoint does. Changes are then written into it directly (ADR 0007).
 */
final class RocksGenerationBuilder implements DeltaBuilder {
    private final long sequence;
    private final Path workDirectory;
    private final RocksResources resources;
    private final Map<KeySpace, SstPart> parts = new EnumMap<>(KeySpace.class);
    private final Map<KeySpace, Long> entryCounts = new EnumMap<>(KeySpace.class);
    private boolean sealed;
    /** Delta mode only: the copied database, open read-write until sealed. */
    private RocksDB deltaDb;

    private final List<ColumnFamilyHandle> deltaHandles = new ArrayList<>();
    private WriteOptions deltaWrites;
    private int baseNameCount;

    RocksGenerationBuilder(long sequence, Path workDirectory, RocksResources resources) {
        this.sequence = sequence;
        this.workDirectory = workDirectory;
        this.resources = resources;
        FileTrees.deleteRecursively(workDirectory);
        try {
            Files.createDirectories(workDirectory.resolve("parts"));
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create build directory " + workDirectory + ": " + e.getMessage(), e);
        }
    }

    /** A builder for a delta: the database starts as a copy of the generation in {@code base}. */
    static RocksGenerationBuilder fromBase(
            long sequence, Path workDirectory, RocksResources resources, Path base, int baseNameCount) {
        RocksGenerationBuilder builder = new RocksGenerationBuilder(sequence, workDirectory, resources);
        builder.baseNameCount = baseNameCount;
        try {
            Path copy = Files.createDirectories(builder.databaseDirectory());
            try (var files = Files.list(base)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".sst")) {
                        Files.createLink(copy.resolve(name), file);
                    } else if (!name.equals("LOCK") && Files.isRegularFile(file)) {
                        Files.copy(file, copy.resolve(name));
                    }
                }
            }
            // No write-ahead log: a crash discards the whole .building directory anyway.
            builder.deltaWrites = new WriteOptions().setDisableWAL(true);
            builder.deltaDb = RocksDB.open(
                    resources.buildDbOptions,
                    copy.toString(),
                    RocksGeneration.descriptors(resources),
                    builder.deltaHandles);
            return builder;
        } catch (java.io.IOException | RocksDBException e) {
            builder.close();
            throw new StoreException(
                    "cannot copy generation " + base.getFileName() + " for a delta: " + e.getMessage(), e);
        }
    }

    @Override
    public int baseNameCount() {
        return baseNameCount;
    }

    @Override
    public byte[] current(KeySpace space, byte[] key) {
        try {
            return requireDelta().get(deltaHandles.get(space.ordinal() + 1), key);
        } catch (RocksDBException e) {
            throw new StoreException("reading " + space.id() + " for a delta failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void upsert(KeySpace space, byte[] key, byte[] value, int valueLength) {
        byte[] exact = valueLength == value.length ? value : java.util.Arrays.copyOf(value, valueLength);
        try {
            requireDelta().put(deltaHandles.get(space.ordinal() + 1), deltaWrites, key, exact);
        } catch (RocksDBException e) {
            throw new StoreException("writing " + space.id() + " for a delta failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void remove(KeySpace space, byte[] key) {
        try {
            requireDelta().delete(deltaHandles.get(space.ordinal() + 1), deltaWrites, key);
        } catch (RocksDBException e) {
            throw new StoreException("removing from " + space.id() + " for a delta failed: " + e.getMessage(), e);
        }
    }

    private RocksDB requireDelta() {
        if (deltaDb == null || sealed) {
            throw new IllegalStateException("not an unsealed delta generation");
        }
        return deltaDb;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    Path databaseDirectory() {
        return workDirectory.resolve("db");
    }

    Map<KeySpace, Long> entryCounts() {
        return entryCounts;
    }

    boolean isSealed() {
        return sealed;
    }

    @Override
    public PartWriter openPart(KeySpace space) {
        if (deltaDb != null) {
            throw new IllegalStateException("a delta generation takes changes, not parts");
        }
        if (sealed) {
            throw new IllegalStateException("generation is already sealed");
        }
        if (parts.containsKey(space)) {
            throw new IllegalStateException("key space " + space.id() + " was already written");
        }
        SstPart part = new SstPart(space, workDirectory.resolve("parts").resolve(space.id() + ".sst"));
        parts.put(space, part);
        return part;
    }

    @Override
    public void seal(DatasetInfo info, List<String> threatNames) {
        if (sealed) {
            throw new IllegalStateException("generation is already sealed");
        }
        if (deltaDb != null) {
            sealDelta(info, threatNames);
            return;
        }
        for (SstPart part : parts.values()) {
            if (!part.finished) {
                throw new IllegalStateException("part " + part.space.id() + " was not finished");
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (RocksDB db = RocksDB.open(
                resources.buildDbOptions,
                databaseDirectory().toString(),
                RocksGeneration.descriptors(resources),
                handles)) {
            try {
                for (SstPart part : parts.values()) {
                    if (part.entries > 0) {
                        db.ingestExternalFile(
                                handles.get(part.space.ordinal() + 1),
                                List.of(part.file.toString()),
                                resources.ingestOptions);
                    }
                }
                writeMeta(db, handles.get(0), info, threatNames);
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        } catch (RocksDBException e) {
            throw new StoreException("sealing generation " + sequence + " failed: " + e.getMessage(), e);
        }
        sealed = true;
    }

    private void sealDelta(DatasetInfo info, List<String> threatNames) {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            writeMeta(deltaDb, deltaHandles.get(0), info, threatNames);
            // Every change into SST files: the WAL was off, and read-only opens must not need one.
            deltaDb.flush(flush, deltaHandles);
        } catch (RocksDBException e) {
            throw new StoreException("sealing delta generation " + sequence + " failed: " + e.getMessage(), e);
        }
        closeDelta();
        sealed = true;
    }

    private void closeDelta() {
        deltaHandles.forEach(ColumnFamilyHandle::close);
        deltaHandles.clear();
        if (deltaDb != null) {
            deltaDb.close();
            deltaDb = null;
        }
        if (deltaWrites != null) {
            deltaWrites.close();
            deltaWrites = null;
        }
    }

    private void writeMeta(RocksDB db, ColumnFamilyHandle meta, DatasetInfo info, List<String> names)
            throws RocksDBException {
        try (WriteBatch batch = new WriteBatch();
                WriteOptions sync = new WriteOptions().setSync(true);
                FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            batch.put(meta, MetaCodec.INFO_KEY, MetaCodec.encodeInfo(info));
            batch.put(meta, MetaCodec.NAME_COUNT_KEY, MetaCodec.encodeInt(names.size()));
            // A delta's copy already holds the base's names; only appended ones are written.
            for (int id = baseNameCount; id < names.size(); id++) {
                batch.put(meta, MetaCodec.nameKey(id), names.get(id).getBytes(StandardCharsets.UTF_8));
            }
            db.write(sync, batch);
            // Flushed to an SST so that read-only opens never depend on replaying a write-ahead log.
            db.flush(flush, meta);
        }
    }

    @Override
    public void close() {
        for (SstPart part : parts.values()) {
            part.close();
        }
        if (!sealed) {
            closeDelta();
        }
        // Before activation this discards the attempt; after it, only the emptied work area is left.
        FileTrees.deleteRecursively(workDirectory);
    }

    private final class SstPart implements PartWriter {
        private final KeySpace space;
        private final Path file;
        private SstFileWriter writer;
        private ByteBuffer keyBuffer = ByteBuffer.allocateDirect(64);
        private ByteBuffer valueBuffer = ByteBuffer.allocateDirect(256);
        private long entries;
        private boolean finished;

        SstPart(KeySpace space, Path file) {
            this.space = space;
            this.file = file;
            this.writer = new SstFileWriter(resources.envOptions, resources.sstWriterOptions);
            try {
                writer.open(file.toString());
            } catch (RocksDBException e) {
                close();
                throw new StoreException("cannot open SST writer for " + space.id() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void put(byte[] key, byte[] value) {
            put(key, value, value.length);
        }

        @Override
        public void put(byte[] key, byte[] value, int valueLength) {
            // Direct buffers reused for every entry: no allocation and no array pinning per put.
            if (keyBuffer.capacity() < key.length || valueBuffer.capacity() < valueLength) {
                keyBuffer = ByteBuffer.allocateDirect(Math.max(key.length, keyBuffer.capacity()));
                valueBuffer = ByteBuffer.allocateDirect(Math.max(valueLength, valueBuffer.capacity()));
            }
            keyBuffer.clear();
            keyBuffer.put(key).flip();
            valueBuffer.clear();
            valueBuffer.put(value, 0, valueLength).flip();
            try {
                writer.put(keyBuffer, valueBuffer);
                entries++;
            } catch (RocksDBException e) {
                // SstFileWriter itself rejects keys that are not strictly increasing.
                throw new StoreException(
                        "writing " + space.id() + " entry " + entries + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void finish() {
            try {
                if (entries > 0) {
                    writer.finish();
                }
            } catch (RocksDBException e) {
                throw new StoreException("finishing " + space.id() + " failed: " + e.getMessage(), e);
            } finally {
                close();
            }
            entryCounts.put(space, entries);
            finished = true;
        }

        @Override
        public void close() {
            if (writer != null) {
                writer.close();
                writer = null;
            }
        }
    }
}
