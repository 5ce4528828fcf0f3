package dev.outpost.publishing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;
import dev.outpost.trust.KeyFiles;

/**
 * Deterministic record sets for the build tests: every digest mix, certificates, shared digests
 * between records (duplicates that a merge resolves), repeated and unique threat names. Signed by
 * the demo release key at fixed times, so that a bundle's bytes depend on the records only.
 */
final class SortFixtures {
    static final Instant CREATED = Instant.parse("2026-11-23T00:00:00Z");
    static final Instant EXPIRES = Instant.parse("2036-11-20T00:00:00Z");
    private static final Category[] CATEGORIES = {
        Category.MALWARE,
        Category.PHISHING,
        Category.ADWARE,
        Category.RISKWARE,
        Category.SUSPICIOUS,
        Category.CLEAN,
        Category.TRUSTED
    };

    private SortFixtures() {}

    /** The demo release key pair (its private key is public: offline-bundles/keys). */
    static KeyPair demoKey() {
        return new KeyPair(
                KeyFiles.readPublic(Path.of("offline-bundles/keys/demo-release.pub.pem")),
                KeyFiles.readPrivate(Path.of("offline-bundles/keys/demo-release.key.pem")));
    }

    static Signers demoSigners() {
        return Signers.of(demoKey());
    }

    /**
     * {@code count} records from {@code seed}: files with every digest mix and certificates; with
     * {@code duplicates}, about one record in eight reuses a digest of an earlier record (a merge of
     * sources), with a different verdict.
     */
    static List<ReputationRecord> records(long seed, int count, boolean duplicates) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ReputationRecord> records = new ArrayList<>(count);
        List<FileHashes> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Verdict verdict = verdict(random);
            if (random.nextInt(20) == 0) {
                records.add(new ReputationRecord.Certificate(hash(HashType.SHA256, random), verdict));
                continue;
            }
            FileHashes hashes;
            if (duplicates && !files.isEmpty() && random.nextInt(8) == 0) {
                FileHashes earlier = files.get(random.nextInt(files.size()));
                // The same file from another source, or another file sharing one digest with it.
                hashes = switch (random.nextInt(3)) {
                    case 0 -> earlier;
                    case 1 ->
                        earlier.md5() == null
                                ? earlier
                                : new FileHashes(earlier.md5(), null, hash(HashType.SHA256, random));
                    default -> earlier.sha256() == null ? earlier : new FileHashes(null, null, earlier.sha256());
                };
            } else {
                int mix = random.nextInt(100);
                hashes = new FileHashes(
                        mix < 60 || mix >= 85 ? hash(HashType.MD5, random) : null,
                        mix < 60 || (mix >= 85 && mix < 95) ? hash(HashType.SHA1, random) : null,
                        mix < 85 ? hash(HashType.SHA256, random) : null);
            }
            files.add(hashes);
            records.add(new ReputationRecord.File(hashes, verdict));
        }
        return records;
    }

    private static Verdict verdict(SplittableRandom random) {
        Category category = CATEGORIES[random.nextInt(CATEGORIES.length)];
        int nameRoll = random.nextInt(10);
        String name =
                nameRoll < 2 ? null : nameRoll < 8 ? "Family." + random.nextInt(40) : "Unique." + random.nextLong();
        long day = 19000 + random.nextInt(1500);
        return new Verdict(
                category,
                name,
                random.nextBoolean() ? LocalDate.ofEpochDay(day) : null,
                LocalDate.ofEpochDay(day + random.nextInt(300)),
                Verdict.roundPopularity(random.nextInt(1_000_000)));
    }

    private static Hash hash(HashType type, SplittableRandom random) {
        byte[] bytes = new byte[type.length()];
        for (int i = 0; i < bytes.length; i += 8) {
            byte[] word = ByteBuffer.allocate(8).putLong(random.nextLong()).array();
            System.arraycopy(word, 0, bytes, i, Math.min(8, bytes.length - i));
        }
        return Hash.ofBytes(type, bytes);
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
