package dev.outpost.bundle.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.TestBundles;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.DomainKey;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;
import dev.outpost.store.Generation;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;
import dev.outpost.trust.TrustedKeys;

class BundleImporterTest {
    @TempDir
    Path dir;

    private final TestBundles bundles = new TestBundles();
    private RocksGenerationStore store;
    private BundleImporter importer;

    @BeforeEach
    void openStoreWithBaseDataset() throws IOException {
        store = RocksGenerationStore.open(dir.resolve("generations"), StoreTuning.DEFAULTS);
        importer = new BundleImporter(store, bundles.trust(), BundleLimits.DEFAULTS, Clock.systemUTC());
        ImportOutcome base =
                importer.importBundle(bundles.write(dir.resolve("base.bundle"), 1, 10), "x", ImportProgress.NONE);
        assertThat(base).isInstanceOf(ImportOutcome.Activated.class);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void activatesAValidBundleAndAnswersFromIt() throws IOException {
        ImportOutcome outcome =
                importer.importBundle(bundles.write(dir.resolve("b2.bundle"), 2, 100), "x", ImportProgress.NONE);

        assertThat(outcome).isInstanceOfSatisfying(ImportOutcome.Activated.class, activated -> {
            assertThat(activated.dataset().sequence()).isEqualTo(2);
            assertThat(activated.previousSequence()).isEqualTo(1);
            assertThat(activated.dataset().counts())
                    .containsEntry("files", 101L)
                    .containsEntry("certificates", 0L);
            // EICAR has three digests, each with its own entry; 100 records have one each.
            assertThat(activated.entries()).isEqualTo(103);
        });
        try (Generation generation = store.acquire().orElseThrow()) {
            assertThat(generation.get(
                            KeySpace.FILE_MD5, Hash.parse(TestBundles.EICAR_MD5).bytes()))
                    .isNotNull();
            assertThat(generation.get(KeySpace.FILE_SHA256, TestBundles.sha256("file-99")))
                    .isNotNull();
            assertThat(generation.get(KeySpace.FILE_SHA256, TestBundles.sha256("file-100")))
                    .isNull();
        }
    }

    @Test
    void reportsProgressUpToTheWholeBundle() throws IOException {
        long[] last = new long[2];
        importer.importBundle(bundles.write(dir.resolve("p.bundle"), 2, 200_000), "x", (phase, done, total) -> {
            assertThat(done).isBetween(last[0], total);
            last[0] = done;
            last[1] = total;
        });
        assertThat(last[0]).isEqualTo(last[1]).isPositive();
    }

    @Test
    void treatsTheActiveSequenceAsNothingToDo() throws IOException {
        assertThat(importer.importBundle(bundles.write(dir.resolve("same.bundle"), 1, 3), "x", ImportProgress.NONE))
                .isEqualTo(new ImportOutcome.AlreadyActive("test", 1));
    }

    @Test
    void stillReadsTheFirstContainerVersionWithoutARootsSection() throws IOException {
        byte[] current = Files.readAllBytes(bundles.write(dir.resolve("v2.bundle"), 2, 3));
        assertThat(java.nio.ByteBuffer.wrap(current, 12, 4).getInt())
                .as("no roots")
                .isZero();
        // Version 1: the same header without the roots length field (offline-bundles/FORMAT.md).
        byte[] first = new byte[current.length - 4];
        System.arraycopy(current, 0, first, 0, 12);
        System.arraycopy(current, 16, first, 12, current.length - 16);
        first[9] = 1;
        Path file = Files.write(dir.resolve("v1.bundle"), first);

        assertThat(importer.importBundle(file, "x", ImportProgress.NONE)).isInstanceOf(ImportOutcome.Activated.class);
    }

    @Test
    void rejectsAFileThatIsNotABundle() throws IOException {
        Path file = Files.write(dir.resolve("junk.bundle"), "PK\u0003\u0004 definitely a zip file".getBytes());
        assertRejected(file, "not-a-bundle");
    }

    @Test
    void rejectsATruncatedBundle() throws IOException {
        Path file = bundles.write(dir.resolve("t.bundle"), 2, 10);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 7);
        }
        assertRejected(file, "truncated");
    }

    @Test
    void rejectsABundleCutInsideItsHeader() throws IOException {
        Path file = bundles.write(dir.resolve("h.bundle"), 2, 10);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(12);
        }
        assertRejected(file, "truncated");
    }

    @Test
    void rejectsDataAppendedAfterTheLastPart() throws IOException {
        Path file = bundles.write(dir.resolve("a.bundle"), 2, 10);
        Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertRejected(file, "trailing-data");
    }

    @Test
    void rejectsBundleWhoseManifestWasAlteredAfterSigning() throws IOException {
        Path file = bundles.write(dir.resolve("m.bundle"), 2, 10);
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"sequence\":2");
        bytes[at + "\"sequence\":".length()] = '9';
        Files.write(file, bytes);
        assertRejected(file, "bad-signature");
    }

    @Test
    void rejectsBundleSignedByUnknownKey() throws IOException {
        Path file = new TestBundles().write(dir.resolve("u.bundle"), 2, 10);
        assertRejected(file, "unknown-key");
    }

    @Test
    void rejectsEverythingWhenNoKeyIsTrusted() throws IOException {
        importer = new BundleImporter(store, TrustedKeys.none(), BundleLimits.DEFAULTS, Clock.systemUTC());
        assertRejected(bundles.write(dir.resolve("n.bundle"), 2, 10), "no-trusted-keys");
    }

    @Test
    void rejectsBundleWithFewerSignaturesThanTheThreshold() throws IOException {
        TestBundles second = new TestBundles();
        importer = new BundleImporter(
                store,
                TrustedKeys.of(2, bundles.key.getPublic(), second.key.getPublic()),
                BundleLimits.DEFAULTS,
                Clock.systemUTC());
        assertRejected(bundles.write(dir.resolve("th.bundle"), 2, 10), "insufficient-signatures");
    }

    @Test
    void rejectsATamperedPart() throws IOException {
        Path file = bundles.write(dir.resolve("p.bundle"), 2, 10);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(file, bytes);
        assertRejected(file, "part-hash-mismatch");
    }

    @Test
    void rejectsRecordsOutOfOrder() throws IOException {
        byte[] low = new byte[32];
        byte[] high = new byte[32];
        high[0] = (byte) 0xF0;
        Path file = rawFileBundle(List.of(high, low));
        assertRejected(file, "records-out-of-order");
    }

    @Test
    void rejectsDuplicateRecords() throws IOException {
        byte[] key = TestBundles.sha256("dup");
        assertRejected(rawFileBundle(List.of(key, key.clone())), "duplicate-record");
    }

    @Test
    void rejectsAValueThatDoesNotDecode() throws IOException {
        byte[] key = TestBundles.sha256("bad");
        byte[] value = {(byte) 0x9F, 0, 0, 0, 0}; // category code 15 does not exist
        Path file =
                bundles.writeRaw(dir.resolve("v.bundle"), 2, parts(key, value), entries(1), TestBundles.counts(1, 0));
        assertRejected(file, "corrupt-record");
    }

    /**
     * A listed domain name (ADR 0019) is read only from a format 2 manifest, the format an appliance
     * that predates names refuses whole: in format 1 the same value is a corrupt record.
     */
    @Test
    void aListedDomainNameNeedsManifestFormat2() throws IOException {
        byte[] key = DomainKey.of("malware.testing.google.test");
        byte[] value = RecordCodec.encodeKeyed(
                new ReputationRecord.Keyed(
                        KeySpace.DOMAIN_SHA256,
                        key,
                        new Verdict(Category.MALWARE, null, null, null, 0),
                        "malware.testing.google.test"),
                -1);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("names", new byte[0]);
        parts.put("domain-sha256", TestBundles.recordPart(List.of(key), List.of(value)));
        Map<String, Long> entries = Map.of("names", 0L, "domain-sha256", 1L);
        Map<String, Long> counts = TestBundles.counts(0, 0);
        counts.put("domains", 1L);

        Path format1 = bundles.writeRaw(dir.resolve("f1.bundle"), 1, 2, parts, entries, counts);
        ImportOutcome refused = importer.importBundle(format1, "x", ImportProgress.NONE);
        assertThat(refused).isInstanceOfSatisfying(ImportOutcome.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo("corrupt-record");
            assertThat(rejected.detail()).contains("carries its name, which only manifest format 2 allows");
        });
        assertLiveDatasetUntouched();

        Path format2 = bundles.writeRaw(dir.resolve("f2.bundle"), 2, 2, parts, entries, counts);
        assertThat(importer.importBundle(format2, "x", ImportProgress.NONE))
                .isInstanceOf(ImportOutcome.Activated.class);
    }

    @Test
    void rejectsCountsThatDoNotMatchTheRecords() throws IOException {
        byte[] key = TestBundles.sha256("one");
        Path file = bundles.writeRaw(
                dir.resolve("c.bundle"), 2, parts(key, value(key)), entries(1), TestBundles.counts(2, 0));
        assertRejected(file, "count-mismatch");
    }

    @Test
    void rejectsAnExpiredBundle() throws IOException {
        Instant created = Instant.now().minus(10, ChronoUnit.DAYS);
        Path file = bundles.write(dir.resolve("e.bundle"), "test", 2, 1, created, created.plus(1, ChronoUnit.DAYS));
        assertRejected(file, "expired");
    }

    @Test
    void importsAnExpiredBundleOnlyByAnExplicitOverride() throws IOException {
        Instant created = Instant.now().minus(10, ChronoUnit.DAYS);
        Path file = bundles.write(dir.resolve("e.bundle"), "test", 2, 1, created, created.plus(1, ChronoUnit.DAYS));
        ExpiryOverride override = new ExpiryOverride("  no newer bundle reached the site in time ", "alice");

        ImportOutcome outcome = importer.importBundle(file, "x", ImportProgress.NONE, override);

        assertThat(outcome).isInstanceOfSatisfying(ImportOutcome.Activated.class, activated -> {
            assertThat(activated.dataset().sequence()).isEqualTo(2);
            assertThat(activated.override().operator()).isEqualTo("alice");
            assertThat(activated.override().reason()).isEqualTo("no newer bundle reached the site in time");
        });
    }

    @Test
    void anOverrideOfAFreshBundleIsNotRecordedAsUsed() throws IOException {
        ImportOutcome outcome = importer.importBundle(
                bundles.write(dir.resolve("f.bundle"), 2, 3),
                "x",
                ImportProgress.NONE,
                new ExpiryOverride("just in case", "bob"));

        assertThat(outcome)
                .isInstanceOfSatisfying(ImportOutcome.Activated.class, activated -> assertThat(activated.override())
                        .isNull());
    }

    @Test
    void anOverrideNeedsAOneLineReason() {
        for (String reason :
                new String[] {null, "", "   ", "two\nlines", "x".repeat(ExpiryOverride.MAX_REASON_CHARS + 1)}) {
            assertThatThrownBy(() -> new ExpiryOverride(reason, "alice"))
                    .as(String.valueOf(reason))
                    .isInstanceOfSatisfying(
                            dev.outpost.reputation.InvalidInputException.class,
                            e -> assertThat(e.problemType()).isEqualTo("invalid-override"));
        }
    }

    @Test
    void rejectsRollbackToAnOlderSequence() throws IOException {
        importer.importBundle(bundles.write(dir.resolve("s5.bundle"), 5, 2), "x", ImportProgress.NONE);
        ImportOutcome outcome =
                importer.importBundle(bundles.write(dir.resolve("s3.bundle"), 3, 2), "x", ImportProgress.NONE);
        assertThat(outcome).isInstanceOfSatisfying(ImportOutcome.Rejected.class, r -> assertThat(r.reason())
                .isEqualTo("rollback"));
        assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(5);
    }

    @Test
    void rejectsABundleForAnotherDataset() throws IOException {
        Path file = bundles.write(dir.resolve("d.bundle"), "other", 2, 1, TestBundles.CREATED, TestBundles.EXPIRES);
        assertRejected(file, "dataset-mismatch");
    }

    @Test
    void rejectsABundleLargerThanTheLimit() throws IOException {
        importer = new BundleImporter(store, bundles.trust(), new BundleLimits(1000, 10, 10), Clock.systemUTC());
        assertRejected(bundles.write(dir.resolve("big.bundle"), 2, 100), "too-large");
    }

    @Test
    void rejectsAPartDeclaringMoreEntriesThanTheLimit() throws IOException {
        importer = new BundleImporter(store, bundles.trust(), new BundleLimits(1 << 30, 10, 10), Clock.systemUTC());
        assertRejected(bundles.write(dir.resolve("many.bundle"), 2, 100), "too-many-entries");
    }

    private void assertRejected(Path file, String reason) {
        ImportOutcome outcome = importer.importBundle(file, "x", ImportProgress.NONE);
        assertThat(outcome).isInstanceOfSatisfying(ImportOutcome.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(reason);
            assertThat(rejected.detail()).isNotBlank();
        });
        assertLiveDatasetUntouched();
    }

    private void assertLiveDatasetUntouched() {
        assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(1);
        try (Generation generation = store.acquire().orElseThrow()) {
            assertThat(generation.get(
                            KeySpace.FILE_SHA256,
                            Hash.parse(TestBundles.EICAR_SHA256).bytes()))
                    .isNotNull();
            assertThat(generation.get(KeySpace.FILE_SHA256, TestBundles.sha256("file-9")))
                    .isNotNull();
        }
        try (var leftovers = Files.list(dir.resolve("generations"))) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".building"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path rawFileBundle(List<byte[]> keys) throws IOException {
        List<byte[]> values = keys.stream().map(BundleImporterTest::value).toList();
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("names", new byte[0]);
        parts.put("file-sha256", TestBundles.recordPart(keys, values));
        Map<String, Long> entries = Map.of("names", 0L, "file-sha256", (long) keys.size());
        return bundles.writeRaw(dir.resolve("raw.bundle"), 2, parts, entries, TestBundles.counts(keys.size(), 0));
    }

    private static byte[] value(byte[] key) {
        return RecordCodec.encodeFile(
                new FileHashes(null, null, Hash.ofBytes(HashType.SHA256, key)),
                new Verdict(Category.MALWARE, null, null, null, 0),
                -1,
                HashType.SHA256);
    }

    private static Map<String, byte[]> parts(byte[] key, byte[] value) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("names", new byte[0]);
        parts.put("file-sha256", TestBundles.recordPart(List.of(key), List.of(value)));
        return parts;
    }

    private static Map<String, Long> entries(long records) {
        return Map.of("names", 0L, "file-sha256", records);
    }
}
