package dev.outpost.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.local.LocalIndex;
import dev.outpost.store.Generation;
import dev.outpost.store.GenerationStore;

/** The zone file the RPZ export writes (interop.md §3.4, docs/exports.md), line by line. */
class RpzExportTest {
    static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");

    @TempDir
    static Path dir;

    static GenerationStore store;

    @BeforeAll
    static void importDemoAndCases() throws IOException {
        store = ExportTestData.store(
                dir,
                writer -> ExportTestData.addCsv(writer, ExportWalkTest.EXTRA, "hashed.example", "hashedlocal.example"));
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    static String zone(RpzOptions options, LocalIndex local, Instant now) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Generation generation = store.acquire().orElseThrow()) {
            RpzExport.write(options, generation, local, now, out);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** The rules of a zone: its lines that are neither comments nor the header. */
    static List<String> rules(String zone) {
        return zone.lines()
                .filter(line -> !line.startsWith(";") && !line.startsWith("$") && !line.startsWith("@"))
                .toList();
    }

    @Test
    void writesHeaderSoaAndNsThenOneCnamePerOwnerName() throws IOException {
        String zone = zone(RpzOptions.DEFAULTS, ExportWalkTest.LOCAL, NOW);
        assertThat(zone.lines().limit(8))
                .containsExactly(
                        "; Response Policy Zone written by Outpost (docs/exports.md)",
                        "; dataset demo, sequence 7, created " + dev.outpost.bundle.TestBundles.CREATED,
                        "; exported 2026-11-24T10:15:30Z, with the local verdicts in force then",
                        "; lists RED domains and IP ranges as nxdomain (CNAME .); local verdicts that clear a listing"
                                + " as rpz-passthru.",
                        "$ORIGIN rpz.outpost.internal.",
                        "$TTL 300",
                        "@\tIN\tSOA\tlocalhost. hostmaster.localhost. 7 3600 600 604800 300",
                        "@\tIN\tNS\tlocalhost.");
        assertThat(rules(zone))
                .containsExactlyInAnyOrder(
                        "malware.testing.google.test\tCNAME\t.",
                        "*.malware.testing.google.test\tCNAME\t.",
                        "bad.example\tCNAME\t.",
                        "*.bad.example\tCNAME\t.",
                        "fp.example\tCNAME\trpz-passthru.\t; local verdict 1",
                        "*.fp.example\tCNAME\trpz-passthru.\t; local verdict 1",
                        "deep.partner.example\tCNAME\trpz-passthru.\t; local verdict 2",
                        "*.deep.partner.example\tCNAME\trpz-passthru.\t; local verdict 2",
                        "ok.bad.example\tCNAME\trpz-passthru.\t; local verdict 3",
                        "*.ok.bad.example\tCNAME\trpz-passthru.\t; local verdict 3",
                        "phish.internal.example\tCNAME\t.\t; local verdict 4",
                        "*.phish.internal.example\tCNAME\t.\t; local verdict 4",
                        "urlroot.example\tCNAME\t.\t; local verdict 6",
                        "*.urlroot.example\tCNAME\t.\t; local verdict 6",
                        "32.7.100.51.198.rpz-ip\tCNAME\t.",
                        "26.64.100.51.198.rpz-ip\tCNAME\trpz-passthru.\t; local verdict 8",
                        "24.0.113.0.203.rpz-ip\tCNAME\t.",
                        "32.5.113.0.203.rpz-ip\tCNAME\trpz-passthru.",
                        "48.zz.bad.db8.2001.rpz-ip\tCNAME\t.",
                        "10.0.0.64.100.rpz-ip\tCNAME\t.\t; local verdict 9",
                        "25.128.113.0.203.rpz-ip\tCNAME\trpz-passthru.\t; local verdict 10");
        assertThat(zone.lines().reduce((first, second) -> second).orElseThrow())
                .isEqualTo("; end of zone: 7 domains (14 QNAME rules), 7 IP ranges (rpz-ip rules), 6 of them exceptions"
                        + " (rpz-passthru.); not listed: 1 domains held as hashes only, 0 names the zone cannot hold (too long, or ending in an rpz- label),"
                        + " 0 ranges of prefix length 0, 0 local domain verdicts that are no DNS name");
        // Never two records at one owner name.
        List<String> owners = rules(zone).stream()
                .map(line -> line.substring(0, line.indexOf('\t')))
                .toList();
        assertThat(owners).doesNotHaveDuplicates();
    }

    @Test
    void listsYellowWithTheChosenActionTtlAndZoneName() throws IOException {
        RpzOptions options = RpzOptions.parse("Policy.Example.", "true", "60", "NODATA");
        String zone = zone(options, LocalIndex.EMPTY, NOW);
        assertThat(zone)
                .contains("$ORIGIN policy.example.\n$TTL 60\n")
                .contains("@\tIN\tSOA\tlocalhost. hostmaster.localhost. 7 3600 600 604800 60\n")
                .contains("; lists RED and YELLOW domains and IP ranges as nodata (CNAME *.)");
        assertThat(rules(zone))
                .contains(
                        "adware.example\tCNAME\t*.",
                        "24.0.2.0.192.rpz-ip\tCNAME\t*.",
                        "32.zz.db8.2001.rpz-ip\tCNAME\t*.",
                        "fp.example\tCNAME\t*.",
                        // The vendor's CLEAN /32 inside its MALWARE /24 stays an exception.
                        "32.5.113.0.203.rpz-ip\tCNAME\trpz-passthru.");
        assertThat(rules(RpzExportTest.zone(RpzOptions.parse(null, null, null, "drop"), LocalIndex.EMPTY, NOW)))
                .contains("bad.example\tCNAME\trpz-drop.");
    }

    @Test
    void writesTheSameZoneForTheSameDataButForTheTimeOfExport() throws IOException {
        List<String> first =
                zone(RpzOptions.DEFAULTS, ExportWalkTest.LOCAL, NOW).lines().toList();
        List<String> second = zone(RpzOptions.DEFAULTS, ExportWalkTest.LOCAL, NOW.plusSeconds(3600))
                .lines()
                .toList();
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            if (first.get(i).startsWith("; exported ")) {
                assertThat(second.get(i)).startsWith("; exported 2026-11-24T11:15:30Z");
            } else {
                assertThat(second.get(i)).isEqualTo(first.get(i));
            }
        }
    }

    @Test
    void takesTheSerialFromTheSequenceModulo2To32() {
        assertThat(RpzExport.serial(7)).isEqualTo(7);
        assertThat(RpzExport.serial(4_294_967_295L)).isEqualTo(4_294_967_295L);
        assertThat(RpzExport.serial(4_294_967_296L + 5)).isEqualTo(5);
    }

    @Test
    void leavesOutNamesThatDoNotFitUnderTheZoneName() throws IOException {
        String longName = "a".repeat(60) + "." + "b".repeat(55) + ".example";
        LocalIndex local = LocalIndex.ofEntries(List.of(
                ExportTestData.local(
                        40, dev.outpost.local.LocalKind.DOMAIN, longName, dev.outpost.reputation.Category.MALWARE),
                // Written as a QNAME rule, this would read as an rpz-nsdname trigger.
                ExportTestData.local(
                        41,
                        dev.outpost.local.LocalKind.DOMAIN,
                        "ns.evil.rpz-nsdname",
                        dev.outpost.reputation.Category.MALWARE),
                // A top-level domain: "*.zz CNAME ." would block the whole TLD.
                ExportTestData.local(
                        42, dev.outpost.local.LocalKind.DOMAIN, "zz", dev.outpost.reputation.Category.MALWARE)));
        String fits = zone(RpzOptions.DEFAULTS, local, NOW);
        assertThat(rules(fits))
                .contains(longName + "\tCNAME\t.\t; local verdict 40")
                .noneMatch(line -> line.contains("rpz-nsdname"))
                .noneMatch(line -> line.startsWith("zz\t") || line.startsWith("*.zz\t"));
        assertThat(fits).contains("2 names the zone cannot hold");

        // Under a zone name of 149 characters, a name may have 103: this one has 124.
        String longZone = ("z".repeat(49) + ".").repeat(3).substring(0, 149);
        String zone = zone(RpzOptions.parse(longZone, null, null, null), local, NOW);
        assertThat(zone).contains("3 names the zone cannot hold");
        assertThat(rules(zone)).noneMatch(line -> line.contains(longName)).contains("bad.example\tCNAME\t.");
    }
}
