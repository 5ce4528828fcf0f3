package dev.outpost.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.Signers;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.SignedRoot;
import dev.outpost.trust.TrustedKeys;

/** Builds real signed bundles for tests, well-formed or deliberately hostile. */
public final class TestBundles {
    public static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";
    public static final String EICAR_SHA1 = "3395856ce81f2b7382dee72602f798b642f14140";
    public static final String EICAR_SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
    public static final Instant CREATED =
            Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.DAYS);
    public static final Instant EXPIRES = CREATED.plus(365, ChronoUnit.DAYS);

    public final KeyPair key = KeyFiles.generate();

    public TrustedKeys trust() {
        return TrustedKeys.of(1, key.getPublic());
    }

    public static ReputationRecord eicar() {
        return new ReputationRecord.File(
                new FileHashes(Hash.parse(EICAR_MD5), Hash.parse(EICAR_SHA1), Hash.parse(EICAR_SHA256)),
                new Verdict(
                        Category.MALWARE,
                        "EICAR-Test-File",
                        LocalDate.of(2006, 5, 5),
                        LocalDate.of(2026, 1, 1),
                        1500000));
    }

    /** A deterministic SHA-256-only file record numbered {@code i}. */
    public static ReputationRecord file(int i, Category category) {
        return new ReputationRecord.File(
                new FileHashes(null, null, Hash.ofBytes(HashType.SHA256, sha256("file-" + i))),
                new Verdict(
                        category,
                        category.zone().name().equals("RED") ? "Trojan.Test." + (i % 7) : null,
                        null,
                        null,
                        i));
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }

    /** A valid bundle of EICAR plus {@code extra} numbered malware records. */
    public Path write(Path file, long sequence, int extra) throws IOException {
        return write(file, "test", sequence, extra, CREATED, EXPIRES);
    }

    public Path write(Path file, String dataset, long sequence, int extra, Instant created, Instant expires)
            throws IOException {
        BundleWriter writer = new BundleWriter();
        writer.add(eicar());
        for (int i = 0; i < extra; i++) {
            writer.add(file(i, Category.MALWARE));
        }
        writer.write(file, dataset, sequence, created, expires, Signers.of(key));
        return file;
    }

    /** A valid bundle of EICAR plus two records, carrying {@code roots} and signed by each of {@code signers}. */
    public static Path writeSigned(Path file, long sequence, List<SignedRoot> roots, KeyPair... signers)
            throws IOException {
        BundleWriter writer = new BundleWriter();
        writer.add(eicar());
        writer.add(file((int) sequence, Category.MALWARE));
        writer.write(file, "test", sequence, CREATED, EXPIRES, Signers.of(List.of(signers), roots));
        return file;
    }

    /**
     * A bundle assembled from raw part contents, signed by this key: the way to produce well-signed
     * bundles whose parts break the rules (out of order, duplicates, bad values).
     */
    public Path writeRaw(
            Path file, long sequence, Map<String, byte[]> parts, Map<String, Long> entries, Map<String, Long> counts)
            throws IOException {
        return writeRaw(file, BundleFormat.MANIFEST_FORMAT, sequence, parts, entries, counts);
    }

    /** As above, with the manifest format given. */
    public Path writeRaw(
            Path file,
            int format,
            long sequence,
            Map<String, byte[]> parts,
            Map<String, Long> entries,
            Map<String, Long> counts)
            throws IOException {
        List<Manifest.Part> manifestParts = new ArrayList<>();
        List<Path> partFiles = new ArrayList<>();
        for (Map.Entry<String, byte[]> part : parts.entrySet()) {
            Path partFile = Files.createTempFile(file.getParent(), "part", ".tmp");
            Files.write(partFile, part.getValue());
            partFiles.add(partFile);
            manifestParts.add(new Manifest.Part(
                    part.getKey(),
                    part.getValue().length,
                    HexFormat.of().formatHex(BundleFormat.sha256().digest(part.getValue())),
                    entries.get(part.getKey())));
        }
        Manifest manifest = new Manifest(
                format, "test", sequence, CREATED, EXPIRES, Manifest.KIND_FULL, null, null, counts, manifestParts);
        byte[] manifestBytes = BundleWriter.MANIFEST_JSON.writeValueAsBytes(manifest);
        byte[] signatures = BundleWriter.sign(manifestBytes, List.of(key.getPrivate()), List.of(key.getPublic()));
        BundleWriter.assemble(file, new byte[0], manifestBytes, signatures, partFiles);
        for (Path partFile : partFiles) {
            Files.delete(partFile);
        }
        return file;
    }

    /** Encodes record entries as a records-v1 part, in the order given. */
    public static byte[] recordPart(List<byte[]> keys, List<byte[]> values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < keys.size(); i++) {
            out.write(keys.get(i));
            BundleWriter.writeVarint(out, values.get(i).length);
            out.write(values.get(i));
        }
        return out.toByteArray();
    }

    public static Map<String, Long> counts(long files, long certificates) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("files", files);
        counts.put("certificates", certificates);
        return counts;
    }
}
