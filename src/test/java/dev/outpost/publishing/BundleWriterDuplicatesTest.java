package dev.outpost.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.TestBundles;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;

class BundleWriterDuplicatesTest {
    private final TestBundles bundles = new TestBundles();

    @TempDir
    Path dir;

    @Test
    void refusesTwoRecordsForOneDigestByDefault() {
        BundleWriter writer = new BundleWriter();
        writer.add(file("a", Category.CLEAN, "first"));
        writer.add(file("a", Category.MALWARE, "second"));
        assertThatThrownBy(() -> write(writer))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than one record for file-sha256");
    }

    @Test
    void mergingKeepsTheMostSevereZoneThenTheFirstAdded() throws Exception {
        BundleWriter writer = new BundleWriter().duplicates(BundleWriter.Duplicates.MOST_SEVERE_FIRST);
        writer.add(file("clean-then-bad", Category.CLEAN, "nsrl"));
        writer.add(file("clean-then-bad", Category.MALWARE, "Trojan.Late"));
        writer.add(file("two-bad", Category.MALWARE, "Trojan.First"));
        writer.add(file("two-bad", Category.PHISHING, "Phish.Second"));
        writer.add(file("adware-then-clean", Category.ADWARE, "Adware.A"));
        writer.add(file("adware-then-clean", Category.TRUSTED, "vendor"));
        writer.add(file("alone", Category.CLEAN, null));
        Manifest manifest = write(writer);

        assertThat(manifest.counts()).containsEntry("files", 4L);
        // In a fixed order, so that the same records make the same manifest bytes in every JVM.
        assertThat(manifest.counts().keySet())
                .containsExactly(java.util.Arrays.stream(dev.outpost.reputation.ObjectKind.values())
                        .map(dev.outpost.reputation.ObjectKind::plural)
                        .toArray(String[]::new));
        List<ReputationRecord> read = new ArrayList<>();
        BundleRecords.read(dir.resolve("merged.bundle"), bundles.trust(), read::add);
        assertThat(read).hasSize(4);
        assertThat(verdictOf(read, "clean-then-bad")).isEqualTo("MALWARE Trojan.Late");
        assertThat(verdictOf(read, "two-bad")).isEqualTo("MALWARE Trojan.First");
        assertThat(verdictOf(read, "adware-then-clean")).isEqualTo("ADWARE Adware.A");
        assertThat(verdictOf(read, "alone")).isEqualTo("CLEAN null");
    }

    private Manifest write(BundleWriter writer) throws Exception {
        return writer.write(
                dir.resolve("merged.bundle"),
                "merged",
                1,
                TestBundles.CREATED,
                TestBundles.EXPIRES,
                Signers.of(bundles.key));
    }

    private static ReputationRecord file(String name, Category category, String threatName) {
        return new ReputationRecord.File(
                new FileHashes(null, null, Hash.ofBytes(HashType.SHA256, TestBundles.sha256(name))),
                new Verdict(category, threatName, null, null, 0));
    }

    private static String verdictOf(List<ReputationRecord> records, String name) {
        Hash wanted = Hash.ofBytes(HashType.SHA256, TestBundles.sha256(name));
        return records.stream()
                .map(r -> (ReputationRecord.File) r)
                .filter(r -> r.hashes().sha256().equals(wanted))
                .map(r -> r.verdict().category() + " " + r.verdict().threatName())
                .findFirst()
                .orElseThrow();
    }
}
