package dev.outpost.bundle.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.BundleSurgery;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.StateChecksum;
import dev.outpost.bundle.TestBundles;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.DeltaWriter;
import dev.outpost.publishing.Signers;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.ObjectKind;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;
import dev.outpost.store.Generation;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;

/** Delta bundles end to end (ADR 0007): built by {@link DeltaWriter}, applied by the real importer. */
class DeltaBundleTest {
    @TempDir
    Path dir;

    private final TestBundles keys = new TestBundles();
    private RocksGenerationStore store;
    private BundleImporter importer;

    @BeforeEach
    void openStore() {
        store = RocksGenerationStore.open(dir.resolve("generations"), StoreTuning.DEFAULTS);
        importer = new BundleImporter(store, keys.trust(), BundleLimits.DEFAULTS, Clock.systemUTC());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** EICAR plus files {@code from} until {@code to} whose numbers {@code include} accepts. */
    private static List<ReputationRecord> records(int from, int to, IntPredicate include) {
        List<ReputationRecord> records = new ArrayList<>();
        records.add(TestBundles.eicar());
        for (int i = from; i < to; i++) {
            if (include.test(i)) {
                records.add(TestBundles.file(i, Category.MALWARE));
            }
        }
        return records;
    }

    /** Version 1: files 0..99. */
    private static List<ReputationRecord> v1() {
        return records(0, 100, i -> true);
    }

    /** Version 2: files 90..99 gone, 100..119 new, file 5 now clean with a new threat-free verdict. */
    private static List<ReputationRecord> v2() {
        List<ReputationRecord> records = records(0, 120, i -> (i < 90 || i >= 100) && i != 5);
        records.add(new ReputationRecord.File(
                new FileHashes(null, null, Hash.ofBytes(HashType.SHA256, TestBundles.sha256("file-5"))),
                new Verdict(Category.CLEAN, null, null, null, 5)));
        return records;
    }

    /** Version 3: version 2 plus files 200..209 named with a threat name the dictionary lacks. */
    private static List<ReputationRecord> v3() {
        List<ReputationRecord> records = v2();
        for (int i = 200; i < 210; i++) {
            records.add(new ReputationRecord.File(
                    new FileHashes(null, null, Hash.ofBytes(HashType.SHA256, TestBundles.sha256("file-" + i))),
                    new Verdict(Category.PHISHING, "Phish.New", null, null, i)));
        }
        return records;
    }

    private Manifest full(String name, long sequence, List<ReputationRecord> records) throws IOException {
        BundleWriter writer = new BundleWriter();
        records.forEach(writer::add);
        return writer.write(
                dir.resolve(name), "test", sequence, TestBundles.CREATED, TestBundles.EXPIRES, Signers.of(keys.key));
    }

    private Manifest delta(
            String name, long baseSequence, long sequence, List<ReputationRecord> from, List<ReputationRecord> to)
            throws IOException {
        DeltaWriter writer = new DeltaWriter();
        from.forEach(writer::addBase);
        to.forEach(writer::addTarget);
        return writer.write(
                dir.resolve(name),
                "test",
                baseSequence,
                sequence,
                TestBundles.CREATED,
                TestBundles.EXPIRES,
                Signers.of(List.of(keys.key), List.of()));
    }

    private ImportOutcome importFile(String name) {
        return importer.importBundle(dir.resolve(name), "x", ImportProgress.NONE);
    }

    private static String reason(ImportOutcome outcome) {
        assertThat(outcome).isInstanceOf(ImportOutcome.Rejected.class);
        return ((ImportOutcome.Rejected) outcome).reason();
    }

    private byte[] lookup(int file) {
        try (Generation generation = store.acquire().orElseThrow()) {
            return generation.get(KeySpace.FILE_SHA256, TestBundles.sha256("file-" + file));
        }
    }

    private String activeState() {
        return StateChecksum.fromState(store.activeInfo().orElseThrow().state()).sha256();
    }

    private static ReputationRecord listedDomain(String name) {
        return new ReputationRecord.Keyed(
                KeySpace.DOMAIN_SHA256,
                dev.outpost.reputation.DomainKey.of(name),
                new Verdict(Category.MALWARE, null, null, null, 0),
                name);
    }

    /**
     * Manifest format 2 (ADR 0019) is written only where a value carries a name: a full bundle with a
     * listed domain, a delta that upserts one; a delta that only removes one stays format 1, so an
     * appliance that predates names can take it.
     */
    @Test
    void onlyBundlesWhoseValuesCarryNamesAreManifestFormat2() throws IOException {
        List<ReputationRecord> named = new ArrayList<>(v1());
        named.add(listedDomain("c2.evil.example"));
        assertThat(full("hashed.bundle", 1, v1()).format()).isEqualTo(1);
        assertThat(full("named.bundle", 1, named).format()).isEqualTo(2);
        assertThat(importFile("named.bundle")).isInstanceOf(ImportOutcome.Activated.class);

        List<ReputationRecord> renamed = new ArrayList<>(v1());
        renamed.add(listedDomain("other.evil.example"));
        Manifest upserts = delta("upsert.bundle", 1, 2, named, renamed);
        assertThat(upserts.format()).isEqualTo(2);
        Manifest removes = delta("remove.bundle", 1, 2, named, v1());
        assertThat(removes.format()).isEqualTo(1);
        assertThat(removes.parts()).extracting(Manifest.Part::name).contains("remove-domain-sha256");
        assertThat(importFile("remove.bundle")).isInstanceOf(ImportOutcome.Activated.class);
        assertThat(store.activeInfo().orElseThrow().counts()).containsEntry("domains", 0L);
    }

    @Test
    void aDeltaTakesTheBaseExactlyToTheStateOfTheTargetsFullBundle() throws IOException {
        full("v1.bundle", 1, v1());
        assertThat(importFile("v1.bundle")).isInstanceOf(ImportOutcome.Activated.class);
        Manifest delta = delta("d12.bundle", 1, 2, v1(), v2());
        Manifest fullV2 = full("v2.bundle", 2, v2());

        assertThat(delta.parts()).extracting(Manifest.Part::name).contains("file-sha256", "remove-file-sha256");
        assertThat(importFile("d12.bundle"))
                .isInstanceOfSatisfying(ImportOutcome.Activated.class, a -> assertThat(a.entries())
                        .as("changes: 20 added, 1 changed, 10 removed")
                        .isEqualTo(31));

        assertThat(lookup(95)).isNull();
        assertThat(lookup(110)).isNotNull();
        assertThat(lookup(4)).isNotNull();
        assertThat(RecordCodec.decode(KeySpace.FILE_SHA256, TestBundles.sha256("file-5"), lookup(5), new String[0])
                        .verdict()
                        .category())
                .isEqualTo(Category.CLEAN);
        assertThat(delta.stateSha256()).isEqualTo(fullV2.stateSha256());
        assertThat(activeState()).isEqualTo(fullV2.stateSha256());
        assertThat(store.activeInfo().orElseThrow().counts()).isEqualTo(fullV2.counts());
    }

    @Test
    void aChainOfDeltasEndsWhereTheFullBundleDoesIncludingNewThreatNames() throws IOException {
        full("v1.bundle", 1, v1());
        assertThat(importFile("v1.bundle")).isInstanceOf(ImportOutcome.Activated.class);
        delta("d12.bundle", 1, 2, v1(), v2());
        delta("d23.bundle", 2, 3, v2(), v3());

        assertThat(importFile("d12.bundle")).isInstanceOf(ImportOutcome.Activated.class);
        assertThat(importFile("d23.bundle")).isInstanceOf(ImportOutcome.Activated.class);

        assertThat(activeState()).isEqualTo(full("v3.bundle", 3, v3()).stateSha256());
        try (Generation generation = store.acquire().orElseThrow()) {
            byte[] value = generation.get(KeySpace.FILE_SHA256, TestBundles.sha256("file-205"));
            assertThat(RecordCodec.decode(
                                    KeySpace.FILE_SHA256,
                                    TestBundles.sha256("file-205"),
                                    value,
                                    generation.threatNames())
                            .verdict()
                            .threatName())
                    .isEqualTo("Phish.New");
            assertThat(generation.info().counts()).containsEntry(ObjectKind.FILE.plural(), 121L);
        }
    }

    @Test
    void aDeltaForAnotherSequenceSaysWhichBundlesAreNeeded() throws IOException {
        full("v1.bundle", 1, v1());
        importFile("v1.bundle");
        delta("d23.bundle", 2, 3, v2(), v3());

        ImportOutcome outcome = importFile("d23.bundle");

        assertThat(reason(outcome)).isEqualTo("wrong-base");
        assertThat(((ImportOutcome.Rejected) outcome).detail())
                .contains("applies to sequence 2", "sequence 1 is active", "from sequence 1 up to 2");
        assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(1);
    }

    @Test
    void aDeltaFromAnotherBaseStateIsRefusedBeforeAnythingIsApplied() throws IOException {
        full("v1.bundle", 1, v1());
        importFile("v1.bundle");
        // The publisher's sequence 1 differed from what this appliance holds.
        delta("d12.bundle", 1, 2, records(0, 100, i -> i != 50), v2());

        ImportOutcome outcome = importFile("d12.bundle");

        assertThat(reason(outcome)).isEqualTo("wrong-base");
        assertThat(((ImportOutcome.Rejected) outcome).detail()).contains("does not hold what the publisher had");
        assertThat(lookup(95)).isNotNull();
    }

    @Test
    void aResultThatMissesTheSignedStateIsDiscarded() throws IOException {
        full("v1.bundle", 1, v1());
        importFile("v1.bundle");
        delta("d12.bundle", 1, 2, v1(), v2());
        BundleSurgery.of(dir.resolve("d12.bundle"), List.of(keys.key))
                .manifest(m -> m.put("stateSha256", TestBundles.sha256Hex("not the result")))
                .write(dir.resolve("bad.bundle"));

        assertThat(reason(importFile("bad.bundle"))).isEqualTo("state-mismatch");
        assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(1);
        assertThat(lookup(95)).isNotNull();
        assertThat(lookup(110)).isNull();
    }

    @Test
    void refusesToRemoveWhatTheBaseDoesNotHold() throws IOException {
        full("v1.bundle", 1, v1());
        importFile("v1.bundle");
        delta("d12.bundle", 1, 2, v1(), v2());
        BundleSurgery surgery = BundleSurgery.of(dir.resolve("d12.bundle"), List.of(keys.key));
        byte[] missing = new byte[32];
        surgery.part("remove-file-sha256", missing, 1).write(dir.resolve("bad.bundle"));

        assertThat(reason(importFile("bad.bundle"))).isEqualTo("remove-missing");
        assertThat(lookup(95)).isNotNull();
    }

    @Test
    void refusesADeltaThatAddsAndRemovesTheSameKey() throws IOException {
        full("v1.bundle", 1, v1());
        importFile("v1.bundle");
        delta("d12.bundle", 1, 2, v1(), v2());
        BundleSurgery surgery = BundleSurgery.of(dir.resolve("d12.bundle"), List.of(keys.key));
        surgery.part("remove-file-sha256", TestBundles.sha256("file-5"), 1).write(dir.resolve("bad.bundle"));

        assertThat(reason(importFile("bad.bundle"))).isEqualTo("conflicting-change");
        assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(1);
    }
}
