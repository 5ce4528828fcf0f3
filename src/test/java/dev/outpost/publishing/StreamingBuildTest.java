package dev.outpost.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.TestBundles;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;

/**
 * Issue 16: {@code bundle build} sorts externally. A budget of 64 KiB and a fan-in of 3 turn a
 * few thousand records into dozens of spilled runs and several merge passes; the bundle must be the
 * one the in-memory sort wrote, and no temporary file may survive success or failure.
 */
class StreamingBuildTest {
    /**
     * Fingerprints of bundles written by the in-memory sort this replaced (SortedEntries, commit
     * 254e7e7), from {@link SortFixtures}: every part's name, size, SHA-256 and entry count, the counts
     * and the state checksum. The whole file is not compared with a constant because the manifest's
     * counts object follows the iteration order of {@code Map.copyOf}, which changes from one JVM to
     * the next; within one JVM, {@link #aTinyBudgetWritesTheSameBytesAsMemory} compares whole files.
     */
    private static final String FULL = "3400189600349132e7a34abbbb1919a3979b2327ea4a4f2379ca80d1a16756b2";

    private static final String MERGED = "2a90c4e73800487b7884527d1c8af695395e77706c24403ab961f8106a41b516";
    private static final String DELTA = "3bafa249c78e77317677a7f22629662e1bfc2de34bca6ee40360e00257818f5b";

    private static final SortSettings TINY = new SortSettings(SortSettings.MIN_MEMORY_BYTES, null, 3);

    @TempDir
    Path dir;

    private Path spill() throws IOException {
        return Files.createDirectories(dir.resolve("spill"));
    }

    private Path out() throws IOException {
        return Files.createDirectories(dir.resolve("out"));
    }

    @Test
    void keepsThePartsCountsAndStateOfTheInMemorySortWhateverTheBudget() throws IOException {
        for (SortSettings sorting : List.of(SortSettings.DEFAULTS, TINY)) {
            BundleWriter full = new BundleWriter().sorting(sorting.withTempDirectory(spill()));
            SortFixtures.records(16, 30_000, false).forEach(full::add);
            assertThat(fingerprint(write(full, "full.bundle"))).isEqualTo(FULL);

            BundleWriter merged = new BundleWriter()
                    .duplicates(BundleWriter.Duplicates.MOST_SEVERE_FIRST)
                    .sorting(sorting.withTempDirectory(spill()));
            SortFixtures.records(16, 30_000, true).forEach(merged::add);
            assertThat(fingerprint(write(merged, "merged.bundle"))).isEqualTo(MERGED);
            if (sorting == TINY) {
                assertThat(merged.sortStatistics().runs()).isGreaterThan(9);
                assertThat(merged.sortStatistics().intermediateMerges()).isPositive();
            }

            DeltaWriter delta = new DeltaWriter().sorting(sorting.withTempDirectory(spill()));
            addDelta(delta);
            Manifest written = delta.write(
                    out().resolve("delta.bundle"),
                    "golden",
                    7,
                    8,
                    SortFixtures.CREATED,
                    SortFixtures.EXPIRES,
                    SortFixtures.demoSigners());
            assertThat(fingerprint(written)).isEqualTo(DELTA);
            assertThat(files(spill())).isEmpty();
        }
    }

    /** A base of 20,000 records; the target drops a third, changes a seventh, adds 500. */
    private static void addDelta(DeltaWriter delta) {
        SortFixtures.records(17, 20_000, false).forEach(delta::addBase);
        List<ReputationRecord> target = SortFixtures.records(17, 20_000, false).subList(0, 19_000);
        for (int i = 0; i < target.size(); i++) {
            ReputationRecord record = target.get(i);
            if (i % 7 == 1 && record instanceof ReputationRecord.File file) {
                record = new ReputationRecord.File(
                        file.hashes(), new Verdict(Category.RISKWARE, "Changed." + (i % 5), null, null, 0));
            }
            if (i % 3 != 0) {
                delta.addTarget(record);
            }
        }
        SortFixtures.records(18, 500, false).forEach(delta::addTarget);
    }

    @Test
    void aTinyBudgetWritesTheSameBytesAsMemory() throws IOException {
        List<ReputationRecord> records = new ArrayList<>(SortFixtures.records(19, 8_000, true));
        for (int i = 0; i < 2_000; i++) {
            Verdict verdict = new Verdict(i % 3 == 0 ? Category.PHISHING : Category.CLEAN, null, null, null, i);
            records.add(KeyedRecords.url("http://host" + (i % 700) + ".example/path/" + (i % 5) + "/", verdict));
            records.add(KeyedRecords.domain("d" + (i % 900) + ".example", verdict));
            records.add(KeyedRecords.ipRange("10." + (i % 4) + "." + (i % 250) + ".0/24", verdict));
        }
        BundleWriter inMemory = new BundleWriter().duplicates(BundleWriter.Duplicates.MOST_SEVERE_FIRST);
        records.forEach(inMemory::add);
        write(inMemory, "memory.bundle");
        BundleWriter spilled = new BundleWriter()
                .duplicates(BundleWriter.Duplicates.MOST_SEVERE_FIRST)
                .sorting(TINY.withTempDirectory(spill()));
        records.forEach(spilled::add);
        write(spilled, "spilled.bundle");

        assertThat(inMemory.sortStatistics().runs()).isZero();
        assertThat(spilled.sortStatistics().runs()).isGreaterThan(9);
        assertThat(Files.readAllBytes(out().resolve("spilled.bundle")))
                .isEqualTo(Files.readAllBytes(out().resolve("memory.bundle")));
        assertThat(files(spill())).isEmpty();
        assertThat(files(out()))
                .containsExactlyInAnyOrder(out().resolve("memory.bundle"), out().resolve("spilled.bundle"));
    }

    @Test
    void refusesADuplicateInAnotherRunNamingItsKeyAndLeavesNoFileBehind() throws IOException {
        BundleWriter writer = new BundleWriter().sorting(TINY.withTempDirectory(spill()));
        writer.add(file("twice", Category.CLEAN, "first"));
        SortFixtures.records(20, 5_000, false).forEach(writer::add);
        writer.add(file("twice", Category.MALWARE, "second"));
        assertThat(files(spill())).as("runs were spilled").isNotEmpty();

        assertThatThrownBy(() -> write(writer, "refused.bundle"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than one record for file-sha256 " + TestBundles.sha256Hex("twice"));
        assertThat(files(spill())).isEmpty();
        assertThat(files(out())).isEmpty();
    }

    @Test
    void mergingKeepsTheMostSevereThenTheFirstAddedAcrossRuns() throws IOException {
        BundleWriter writer = new BundleWriter()
                .duplicates(BundleWriter.Duplicates.MOST_SEVERE_FIRST)
                .sorting(TINY.withTempDirectory(spill()));
        writer.add(file("clean-then-bad", Category.CLEAN, "nsrl"));
        writer.add(file("two-bad", Category.MALWARE, "Trojan.First"));
        writer.add(file("adware-then-clean", Category.ADWARE, "Adware.A"));
        List<ReputationRecord> filler = SortFixtures.records(21, 5_000, false);
        filler.subList(0, 2_500).forEach(writer::add);
        writer.add(file("clean-then-bad", Category.MALWARE, "Trojan.Late"));
        writer.add(file("two-bad", Category.PHISHING, "Phish.Second"));
        filler.subList(2_500, 5_000).forEach(writer::add);
        writer.add(file("adware-then-clean", Category.TRUSTED, "vendor"));
        writer.add(file("two-bad", Category.MALWARE, "Trojan.Third"));
        Manifest manifest = write(writer, "merged.bundle");

        assertThat(writer.sortStatistics().runs()).isGreaterThan(3);
        long fillerFiles =
                filler.stream().filter(r -> r instanceof ReputationRecord.File).count();
        assertThat(manifest.counts()).containsEntry("files", fillerFiles + 3);
        List<ReputationRecord> read = new ArrayList<>();
        BundleRecords.read(
                out().resolve("merged.bundle"),
                dev.outpost.trust.TrustedKeys.of(1, SortFixtures.demoKey().getPublic()),
                read::add);
        assertThat(verdictOf(read, "clean-then-bad")).isEqualTo("MALWARE Trojan.Late");
        assertThat(verdictOf(read, "two-bad")).isEqualTo("MALWARE Trojan.First");
        assertThat(verdictOf(read, "adware-then-clean")).isEqualTo("ADWARE Adware.A");
    }

    @Test
    void aFailureAfterSpillingLeavesNoFileBehind() throws IOException {
        BundleWriter writer = new BundleWriter().sorting(TINY.withTempDirectory(spill()));
        SortFixtures.records(22, 5_000, false).forEach(writer::add);
        // The bundle cannot replace a directory that holds something: the last step fails.
        Path blocked = Files.createDirectories(out().resolve("blocked.bundle"));
        Files.writeString(blocked.resolve("keep"), "x");

        assertThatThrownBy(() -> write(writer, "blocked.bundle")).isInstanceOf(IOException.class);
        assertThat(files(spill())).isEmpty();
        assertThat(files(out())).containsExactlyInAnyOrder(blocked, blocked.resolve("keep"));
    }

    @Test
    void aWriterClosedWithoutWritingDeletesItsSpilledRuns() throws IOException {
        BundleWriter writer = new BundleWriter().sorting(TINY.withTempDirectory(spill()));
        SortFixtures.records(23, 5_000, false).forEach(writer::add);
        assertThat(files(spill())).isNotEmpty();

        writer.close();

        assertThat(files(spill())).isEmpty();
        assertThatThrownBy(() -> writer.add(file("late", Category.CLEAN, null)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesMoreThreatNamesThanAppliancesAcceptWithoutRunningOutOfMemory() {
        BundleWriter writer = new BundleWriter();
        for (int i = 0; i < BundleWriter.MAX_THREAT_NAMES; i++) {
            writer.add(file("f" + i, Category.MALWARE, "Name." + i));
        }
        assertThatThrownBy(() -> writer.add(file("one-more", Category.MALWARE, "Name.one-more")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problemType())
                        .isEqualTo("too-many-threat-names"))
                .hasMessageContaining("more than 1000000 distinct threat names");
    }

    @Test
    void reportsReadingSpillingMergingAndWriting() throws IOException {
        List<String> events = new ArrayList<>();
        BundleWriter writer = new BundleWriter()
                .sorting(TINY.withTempDirectory(spill()))
                .progress(new BuildProgress() {
                    @Override
                    public void reading(long records, int runs, long spillBytes) {
                        events.add("reading " + records + " " + runs + " " + (spillBytes > 0));
                    }

                    @Override
                    public void merging(int runs, long done, long total) {
                        events.add("merging " + runs + " " + (done == total));
                    }

                    @Override
                    public void writing(long done, long total) {
                        events.add("writing " + done + " " + total);
                    }
                });
        List<ReputationRecord> records = SortFixtures.records(24, 5_000, false);
        records.forEach(writer::add);
        write(writer, "progress.bundle");

        long entries = writer.sortStatistics().entries();
        List<String> reading =
                events.stream().filter(e -> e.startsWith("reading")).toList();
        assertThat(reading).hasSizeGreaterThan(9).allMatch(e -> e.endsWith(" true"));
        assertThat(reading.get(0)).matches("reading \\d+ 1 true");
        assertThat(events).contains("merging 3 true");
        assertThat(events.get(events.size() - 1)).isEqualTo("writing " + entries + " " + entries);
    }

    private Manifest write(BundleWriter writer, String name) throws IOException {
        return writer.write(
                out().resolve(name),
                "golden",
                7,
                SortFixtures.CREATED,
                SortFixtures.EXPIRES,
                SortFixtures.demoSigners());
    }

    /** What a bundle holds apart from its signatures and the order of its counts object. */
    static String fingerprint(Manifest manifest) {
        StringBuilder text = new StringBuilder();
        for (Manifest.Part part : manifest.parts()) {
            text.append(part.name())
                    .append(':')
                    .append(part.size())
                    .append(':')
                    .append(part.sha256())
                    .append(':')
                    .append(part.entries())
                    .append('\n');
        }
        text.append(new TreeMap<>(manifest.counts()))
                .append('\n')
                .append(manifest.stateSha256())
                .append('\n')
                .append(manifest.base());
        return HexFormat.of()
                .formatHex(BundleFormat.sha256().digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static ReputationRecord file(String name, Category category, String threatName) {
        return new ReputationRecord.File(
                new FileHashes(null, null, Hash.ofBytes(HashType.SHA256, TestBundles.sha256(name))),
                new Verdict(category, threatName, null, null, 0));
    }

    private static String verdictOf(List<ReputationRecord> records, String name) {
        Hash wanted = Hash.ofBytes(HashType.SHA256, TestBundles.sha256(name));
        return records.stream()
                .filter(r -> r instanceof ReputationRecord.File)
                .map(r -> (ReputationRecord.File) r)
                .filter(r -> wanted.equals(r.hashes().sha256()))
                .map(r -> r.verdict().category() + " " + r.verdict().threatName())
                .findFirst()
                .orElseThrow();
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> tree = Files.walk(directory)) {
            return tree.filter(p -> !p.equals(directory)).toList();
        }
    }
}
