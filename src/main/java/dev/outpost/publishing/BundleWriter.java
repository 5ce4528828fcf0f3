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
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.StateChecksum;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.ObjectKind;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.RootSection;

/**
 * Builds and signs a full bundle from records (the publisher side). Records are collected in
 * memory, sorted per key space, written as parts to temporary files beside the output, then
 * assembled with the signed manifest; the output appears only when complete (write, fsync, rename).
 */
public final class BundleWriter {
    public static final ObjectMapper MANIFEST_JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final Map<String, Integer> nameIds = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final Map<KeySpace, SortedEntries> entries = new EnumMap<>(KeySpace.class);
    private final Map<ObjectKind, Long> counts = new EnumMap<>(ObjectKind.class);
    private Duplicates duplicates = Duplicates.REJECT;

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

    /** Sets what to do with records that share a key; {@link Duplicates#REJECT} unless set. */
    public BundleWriter duplicates(Duplicates policy) {
        this.duplicates = java.util.Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Adds one record; every digest of a file gets its own entry. */
    public void add(ReputationRecord record) {
        int nameId = nameId(record.verdict().threatName());
        // Release 17 has no pattern switch; the sealed interface keeps this chain exhaustive by review.
        if (record instanceof ReputationRecord.File file) {
            for (HashType type : HashType.values()) {
                var hash = file.hashes().get(type);
                if (hash != null) {
                    entries(KeySpace.forFileHash(type))
                            .add(hash.bytes(), RecordCodec.encodeFile(file.hashes(), file.verdict(), nameId, type));
                }
            }
        } else if (record instanceof ReputationRecord.Certificate certificate) {
            entries(KeySpace.CERT_SHA256)
                    .add(certificate.sha256().bytes(), RecordCodec.encodeCertificate(certificate.verdict(), nameId));
        } else if (record instanceof ReputationRecord.Keyed keyed) {
            // URL, domain and IP range values carry the verdict as certificate values do; a domain's may carry its
            // name.
            entries(keyed.space()).add(keyed.key(), RecordCodec.encodeKeyed(keyed, nameId));
        }
        counts.merge(record.kind(), 1L, Long::sum);
    }

    private SortedEntries entries(KeySpace space) {
        return entries.computeIfAbsent(space, s -> new SortedEntries(s.keyLength()));
    }

    private int nameId(String name) {
        if (name == null) {
            return -1;
        }
        return nameIds.computeIfAbsent(name, n -> {
            names.add(n);
            return names.size() - 1;
        });
    }

    /**
     * Writes the bundle to {@code output}, signed by every signer, carrying their root documents in
     * its roots section.
     *
     * @throws InvalidInputException when two records share a digest
     */
    public Manifest write(Path output, String dataset, long sequence, Instant created, Instant expires, Signers signers)
            throws IOException {
        Path directory = output.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        List<Path> partFiles = new ArrayList<>();
        List<Manifest.Part> parts = new ArrayList<>();
        StateChecksum state = new StateChecksum();
        try {
            parts.add(writeNames(tempPart(directory, partFiles), names));
            for (KeySpace space : KeySpace.values()) {
                SortedEntries part = sorted(space);
                if (part == null) {
                    continue;
                }
                for (int rank = 0; rank < part.size(); rank++) {
                    state.add(space, part.key(rank), part.value(rank), part.value(rank).length, names);
                }
                parts.add(writeEntries(tempPart(directory, partFiles), space.id(), part, rank -> true));
            }
            Map<String, Long> manifestCounts = manifestCounts();
            Manifest manifest = new Manifest(
                    BundleFormat.MANIFEST_FORMAT,
                    dataset,
                    sequence,
                    created,
                    expires,
                    Manifest.KIND_FULL,
                    null,
                    state.sha256(),
                    manifestCounts,
                    parts);
            finish(output, manifest, signers, partFiles);
            return manifest;
        } finally {
            for (Path file : partFiles) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** A writer whose name dictionary starts with {@code names}: a delta target keeps the base's ids. */
    static BundleWriter startingWith(List<String> names) {
        BundleWriter writer = new BundleWriter();
        names.forEach(writer::nameId);
        return writer;
    }

    List<String> names() {
        return List.copyOf(names);
    }

    Map<String, Long> manifestCounts() {
        Map<String, Long> manifestCounts = new LinkedHashMap<>();
        for (ObjectKind kind : ObjectKind.values()) {
            manifestCounts.put(kind.plural(), counts.getOrDefault(kind, 0L));
        }
        return manifestCounts;
    }

    /**
     * The entries of one key space in key order, or null if it has none.
     *
     * @throws InvalidInputException when two records share a digest
     */
    SortedEntries sorted(KeySpace space) {
        SortedEntries part = entries.get(space);
        if (part == null || part.size() == 0) {
            return null;
        }
        if (part.sorted()) {
            return part;
        }
        int duplicate = part.sort();
        if (duplicate >= 0 && duplicates == Duplicates.MOST_SEVERE_FIRST) {
            long dropped =
                    part.keepPreferred(value -> RecordCodec.zone(value[0]).ordinal());
            counts.merge(space.kind(), -dropped, Long::sum);
        } else if (duplicate >= 0) {
            String hex = HexFormat.of().formatHex(part.keyAtInsertion(duplicate));
            throw new InvalidInputException(
                    "duplicate-record",
                    "more than one record for " + space.id() + " " + hex + ": merge them before building",
                    hex);
        }
        return part;
    }

    static Path tempPart(Path directory, List<Path> partFiles) throws IOException {
        Path file = Files.createTempFile(directory, ".outpost-part-", ".tmp");
        partFiles.add(file);
        return file;
    }

    /** Signs the manifest and assembles the bundle from its parts. */
    static void finish(Path output, Manifest manifest, Signers signers, List<Path> partFiles) throws IOException {
        byte[] manifestBytes = MANIFEST_JSON.writeValueAsBytes(manifest);
        byte[] signatures = sign(manifestBytes, signers.privateKeys(), signers.publicKeys());
        byte[] rootSection = signers.roots().isEmpty() ? new byte[0] : RootSection.encode(signers.roots());
        assemble(output, rootSection, manifestBytes, signatures, partFiles);
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

    /** Writes the entries of {@code part} whose rank {@code include} accepts, in key order, as part {@code name}. */
    static Manifest.Part writeEntries(
            Path file, String name, SortedEntries part, java.util.function.IntPredicate include) throws IOException {
        return writeEntries(file, name, part, include, false);
    }

    /** As above; {@code keysOnly} writes keys without values, as a delta's removal parts hold them. */
    static Manifest.Part writeEntries(
            Path file, String name, SortedEntries part, java.util.function.IntPredicate include, boolean keysOnly)
            throws IOException {
        MessageDigest digest = BundleFormat.sha256();
        long written = 0;
        try (CountingOutput out = new CountingOutput(new DigestOutputStream(Files.newOutputStream(file), digest))) {
            for (int rank = 0; rank < part.size(); rank++) {
                if (!include.test(rank)) {
                    continue;
                }
                out.write(part.key(rank));
                if (!keysOnly) {
                    byte[] value = part.value(rank);
                    writeVarint(out, value.length);
                    out.write(value);
                }
                written++;
            }
            out.flush();
            return new Manifest.Part(name, out.count, BundleFormat.hex(digest), written);
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
        Path temporary = output.resolveSibling(output.getFileName() + ".tmp");
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
