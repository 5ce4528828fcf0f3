package dev.outpost.publishing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.StateChecksum;
import dev.outpost.io.FailureDetail;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.ObjectKind;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.RootSection;

/**
 * Builds and signs a full bundle from records (the publisher side). Entries are sorted in bounded
 * memory, spilling sorted runs to disk when a build outgrows its budget ({@link SortSettings},
 * {@link ExternalSorter}; issue 16), then merged into parts written to temporary files beside the
 * output, with the state checksum computed as they stream by; the bundle is assembled with the
 * signed manifest and appears only when complete (write, fsync, rename). Every temporary file is
 * deleted when the bundle is written, when writing fails and by {@link #close()}: a writer whose
 * records were added but which is not written must be closed.
 */
public final class BundleWriter implements AutoCloseable {
    public static final ObjectMapper MANIFEST_JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /**
     * Most distinct threat names: what an appliance accepts by default ({@code
     * outpost.bundle.max-threat-names}). The dictionary stays in memory (a real feed has thousands),
     * so a source that puts a unique string in the name column fails here, not in an exhausted heap.
     */
    public static final int MAX_THREAT_NAMES = BundleLimits.DEFAULTS.maxThreatNames();

    private static final String PART_PREFIX = ".outpost-part-";
    private static final int PROGRESS_EVERY = 1 << 16;

    private final Map<String, Integer> nameIds = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    /** The dictionary as the state checksum sees it: one list object, so it encodes each name once. */
    private final List<String> dictionary = java.util.Collections.unmodifiableList(names);

    private final Map<ObjectKind, Long> counts = new EnumMap<>(ObjectKind.class);
    private final TempFiles temp;
    private final boolean ownsTemp;
    private Duplicates duplicates = Duplicates.REJECT;
    private SortSettings sorting = SortSettings.DEFAULTS;
    private BuildProgress progress = BuildProgress.NONE;
    private ExternalSorter sorter;
    private KeptEntries kept;
    private long records;
    private int reportedRuns;
    private boolean consumed;

    /** What a build does when two records share a key (a digest, a domain, a URL expression, a range). */
    public enum Duplicates {
        /** Refuse the build: one source should never hold two records for one object. */
        REJECT,
        /**
         * Merge sources (offline-bundles/FEEDS.md §Precedence): the most severe zone wins, RED over
         * YELLOW over GREEN, so a known-bad object is never whitewashed by a known-good list; within
         * a zone the record added first wins, so the source named first on the command line decides.
         * Each key is decided on its own: a file's digests are its keys.
         */
        MOST_SEVERE_FIRST
    }

    public BundleWriter() {
        this(new TempFiles(), true);
    }

    private BundleWriter(TempFiles temp, boolean ownsTemp) {
        this.temp = temp;
        this.ownsTemp = ownsTemp;
    }

    /** Sets what to do with records that share a key; {@link Duplicates#REJECT} unless set. */
    public BundleWriter duplicates(Duplicates policy) {
        this.duplicates = java.util.Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Sets the sort's memory budget, spill directory and fan-in, before the first record. */
    public BundleWriter sorting(SortSettings settings) {
        if (sorter != null) {
            throw new IllegalStateException("the sort is set before the first record is added");
        }
        this.sorting = java.util.Objects.requireNonNull(settings, "settings");
        return this;
    }

    /** Reports reading, spilling, merging and writing to {@code progress}. */
    public BundleWriter progress(BuildProgress progress) {
        this.progress = java.util.Objects.requireNonNull(progress, "progress");
        if (sorter != null) {
            sorter.progress(progress);
        }
        return this;
    }

    /**
     * Adds one record; every digest of a file gets its own entry.
     *
     * @throws java.io.UncheckedIOException when buffered entries cannot be spilled to disk
     * @throws InvalidInputException when the record brings the threat-name dictionary beyond {@link
     *     #MAX_THREAT_NAMES}
     */
    public void add(ReputationRecord record) {
        int nameId = nameId(record.verdict().threatName());
        // Release 17 has no pattern switch; the sealed interface keeps this chain exhaustive by review.
        if (record instanceof ReputationRecord.File file) {
            for (HashType type : HashType.values()) {
                var hash = file.hashes().get(type);
                if (hash != null) {
                    put(
                            KeySpace.forFileHash(type),
                            hash.bytes(),
                            RecordCodec.encodeFile(file.hashes(), file.verdict(), nameId, type));
                }
            }
        } else if (record instanceof ReputationRecord.Certificate certificate) {
            put(
                    KeySpace.CERT_SHA256,
                    certificate.sha256().bytes(),
                    RecordCodec.encodeCertificate(certificate.verdict(), nameId));
        } else if (record instanceof ReputationRecord.Keyed keyed) {
            // URL, domain and IP range values carry the verdict as certificate values do; a domain's may carry its
            // name.
            put(keyed.space(), keyed.key(), RecordCodec.encodeKeyed(keyed, nameId));
        }
        counts.merge(record.kind(), 1L, Long::sum);
        records++;
        if (records % PROGRESS_EVERY == 0 || sorter().runs() != reportedRuns) {
            reportedRuns = sorter().runs();
            progress.reading(records, reportedRuns, sorter.spillBytes());
        }
    }

    private void put(KeySpace space, byte[] key, byte[] value) {
        if (consumed) {
            throw new IllegalStateException("records are added before the bundle is written");
        }
        try {
            sorter().add(space, key, value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(
                    "cannot spill sorted records under " + sorting.spillParent() + ": " + FailureDetail.of(e), e);
        }
    }

    private ExternalSorter sorter() {
        if (sorter == null) {
            sorter = new ExternalSorter(sorting, temp);
            sorter.progress(progress);
        }
        return sorter;
    }

    private int nameId(String name) {
        if (name == null) {
            return -1;
        }
        Integer id = nameIds.get(name);
        if (id != null) {
            return id;
        }
        if (names.size() >= MAX_THREAT_NAMES) {
            throw new InvalidInputException(
                    "too-many-threat-names",
                    "more than " + MAX_THREAT_NAMES + " distinct threat names: appliances refuse such a bundle"
                            + " (outpost.bundle.max-threat-names); is a column of unique values mapped to"
                            + " threat_name?",
                    name);
        }
        names.add(name);
        nameIds.put(name, names.size() - 1);
        return names.size() - 1;
    }

    /**
     * Writes the bundle to {@code output}, signed by every signer, carrying their root documents in
     * its roots section. A writer writes one bundle; its temporary files are gone when this returns
     * or throws.
     *
     * @throws InvalidInputException when two records share a key and the policy is {@link
     *     Duplicates#REJECT}
     */
    public Manifest write(Path output, String dataset, long sequence, Instant created, Instant expires, Signers signers)
            throws IOException {
        Manifest manifest;
        try {
            manifest = writeBundle(output, dataset, sequence, created, expires, signers);
        } catch (Throwable e) {
            closeAfter(e);
            throw e;
        }
        close();
        return manifest;
    }

    /** Closes, keeping {@code failure} as what the caller hears of. */
    void closeAfter(Throwable failure) {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private Manifest writeBundle(
            Path output, String dataset, long sequence, Instant created, Instant expires, Signers signers)
            throws IOException {
        try (EntryCursor entries = sortedEntries()) {
            Path directory = output.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            List<Path> partFiles = new ArrayList<>();
            List<Manifest.Part> parts = new ArrayList<>();
            parts.add(writeNames(tempPart(directory, partFiles), names));
            StateChecksum state = new StateChecksum();
            long total = sortStatistics().entries();
            long done = 0;
            boolean listedNames = false;
            PartWriter part = null;
            try {
                while (entries.next()) {
                    KeySpace space = entries.space();
                    listedNames |= RecordCodec.carriesName(space, entries.value(), entries.valueLength());
                    if (part == null || part.space() != space) {
                        if (part != null) {
                            parts.add(part.finish());
                        }
                        part = new PartWriter(tempPart(directory, partFiles), space, space.id(), false);
                    }
                    part.write(entries.key(), entries.value(), entries.valueLength());
                    state.add(space, entries.key(), entries.value(), entries.valueLength(), dictionary);
                    if (++done % PROGRESS_EVERY == 0) {
                        progress.writing(done, total);
                    }
                }
                if (part != null) {
                    parts.add(part.finish());
                }
            } finally {
                if (part != null) {
                    part.close();
                }
            }
            progress.writing(total, total);
            entries.close();
            discardRuns();
            Manifest manifest = new Manifest(
                    BundleFormat.manifestFormat(listedNames),
                    dataset,
                    sequence,
                    created,
                    expires,
                    Manifest.KIND_FULL,
                    null,
                    state.sha256(),
                    manifestCounts(),
                    parts);
            finish(output, manifest, signers, partFiles, temp);
            return manifest;
        }
    }

    /** What the sort did so far (all of it once the bundle is written). */
    public SortStatistics sortStatistics() {
        return sorter == null ? SortStatistics.NONE : sorter.statistics();
    }

    /** Deletes every temporary file of this build and releases its memory; idempotent. */
    @Override
    public void close() throws IOException {
        consumed = true;
        if (sorter != null) {
            sorter.release();
        }
        if (ownsTemp) {
            temp.close();
        }
    }

    /**
     * A writer whose name dictionary starts with {@code names} (a delta target keeps the base's
     * ids), sharing the temporary files of {@code temp}.
     */
    static BundleWriter startingWith(List<String> names, TempFiles temp, SortSettings sorting) {
        BundleWriter writer = new BundleWriter(temp, false).sorting(sorting);
        names.forEach(writer::nameId);
        return writer;
    }

    /** A writer with an empty dictionary sharing the temporary files of {@code temp}. */
    static BundleWriter sharing(TempFiles temp, SortSettings sorting) {
        return startingWith(List.of(), temp, sorting);
    }

    /** The name dictionary, live: ids are indexes. */
    List<String> dictionary() {
        return dictionary;
    }

    List<String> names() {
        return List.copyOf(names);
    }

    long records() {
        return records;
    }

    /** Spills and releases the buffer if it holds more than {@code bytes}; returns the heap it still holds. */
    long spillIfAbove(long bytes) throws IOException {
        if (sorter == null) {
            return 0;
        }
        if (sorter.heapBytes() > bytes) {
            sorter.spillAndRelease();
        }
        return sorter.heapBytes();
    }

    /** Record counts by kind for the manifest; final once {@link #sortedEntries()} is exhausted. */
    Map<String, Long> manifestCounts() {
        Map<String, Long> manifestCounts = new LinkedHashMap<>();
        for (ObjectKind kind : ObjectKind.values()) {
            long dropped = kept == null ? 0 : kept.droppedPrimaries(kind);
            manifestCounts.put(kind.plural(), counts.getOrDefault(kind, 0L) - dropped);
        }
        return manifestCounts;
    }

    /**
     * The entries the bundle keeps, in key space and key order; read once. A shared key is resolved
     * by the {@link Duplicates} policy as the cursor reaches it.
     */
    EntryCursor sortedEntries() throws IOException {
        if (consumed) {
            throw new IllegalStateException("a BundleWriter writes one bundle");
        }
        consumed = true;
        kept = new KeptEntries(sorter().sorted(), duplicates);
        return kept;
    }

    /** After {@link #sortedEntries()} was read to its end and closed: its runs are no longer needed. */
    void discardRuns() throws IOException {
        if (sorter != null) {
            sorter.deleteRuns();
        }
    }

    static Path tempPart(Path directory, List<Path> partFiles, TempFiles temp) throws IOException {
        Path file = temp.createFile(directory, PART_PREFIX);
        partFiles.add(file);
        return file;
    }

    private Path tempPart(Path directory, List<Path> partFiles) throws IOException {
        return tempPart(directory, partFiles, temp);
    }

    /**
     * Signs the manifest and assembles the bundle from its parts, deleting each part once copied so
     * that a large build needs little more than the bundle's size beside the output.
     */
    static void finish(Path output, Manifest manifest, Signers signers, List<Path> partFiles, TempFiles temp)
            throws IOException {
        byte[] manifestBytes = MANIFEST_JSON.writeValueAsBytes(manifest);
        byte[] signatures = sign(manifestBytes, signers.privateKeys(), signers.publicKeys());
        byte[] rootSection = signers.roots().isEmpty() ? new byte[0] : RootSection.encode(signers.roots());
        temp.track(temporaryOutput(output));
        assemble(output, rootSection, manifestBytes, signatures, partFiles, temp);
    }

    static Manifest.Part writeNames(Path file, List<String> names) throws IOException {
        MessageDigest digest = BundleFormat.sha256();
        try (CountingOutput out = new CountingOutput(new DigestOutputStream(Files.newOutputStream(file), digest))) {
            for (String name : names) {
                byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
                writeVarint(out, bytes.length);
                out.write(bytes);
            }
            out.flush();
            return new Manifest.Part(BundleFormat.NAMES_PART, out.count, BundleFormat.hex(digest), names.size());
        }
    }

    public static byte[] sign(byte[] manifestBytes, List<PrivateKey> keys, List<PublicKey> publicKeys) {
        ByteBuffer block = ByteBuffer.allocate(2 + keys.size() * BundleFormat.SIGNATURE_ENTRY_BYTES);
        block.putShort((short) keys.size());
        byte[] message = BundleFormat.signedMessage(manifestBytes);
        for (int i = 0; i < keys.size(); i++) {
            try {
                Signature signer = Signature.getInstance("Ed25519");
                signer.initSign(keys.get(i));
                signer.update(message);
                block.put(HexFormat.of().parseHex(KeyFiles.keyId(publicKeys.get(i))));
                block.put(signer.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(
                        "signing key " + i + " cannot sign: it is not an Ed25519 private key", e);
            }
        }
        return block.array();
    }

    public static void assemble(Path output, byte[] roots, byte[] manifest, byte[] signatures, List<Path> parts)
            throws IOException {
        assemble(output, roots, manifest, signatures, parts, null);
    }

    private static Path temporaryOutput(Path output) {
        return output.resolveSibling(output.getFileName() + ".tmp");
    }

    /** As above; with {@code consumed}, each part is deleted through it once copied. */
    private static void assemble(
            Path output, byte[] roots, byte[] manifest, byte[] signatures, List<Path> parts, TempFiles consumed)
            throws IOException {
        Path temporary = temporaryOutput(output);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 20)) {
            ByteBuffer header = ByteBuffer.allocate(BundleFormat.HEADER_BYTES);
            header.put(BundleFormat.MAGIC)
                    .putShort((short) BundleFormat.CONTAINER_VERSION)
                    .putShort((short) 0)
                    .putInt(roots.length)
                    .putInt(manifest.length)
                    .putInt(signatures.length);
            out.write(header.array());
            out.write(roots);
            out.write(manifest);
            out.write(signatures);
            for (Path part : parts) {
                try (InputStream in = Files.newInputStream(part)) {
                    in.transferTo(out);
                }
                if (consumed != null) {
                    consumed.delete(part);
                }
            }
        }
        try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static void writeVarint(OutputStream out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    /** Buffered output that counts the bytes written through it. */
    private static final class CountingOutput extends BufferedOutputStream {
        private long count;

        CountingOutput(OutputStream out) {
            super(out, 1 << 20);
        }

        @Override
        public synchronized void write(int b) throws IOException {
            super.write(b);
            count++;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            count += len;
        }

        @Override
        public void write(byte[] b) throws IOException {
            write(b, 0, b.length);
        }
    }
}
