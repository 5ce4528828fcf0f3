package dev.outpost.export;

import static dev.outpost.export.ExportTestData.expired;
import static dev.outpost.export.ExportTestData.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.TestBundles;
import dev.outpost.local.LocalIndex;
import dev.outpost.local.LocalKind;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.Zone;
import dev.outpost.store.Generation;
import dev.outpost.store.GenerationStore;

/**
 * The walk both exports share: which values come out, with which verdict, and which are written as
 * exceptions, local verdicts applied as lookups apply them (ADR 0009), over a real store holding the
 * demo records and the cases below.
 */
class ExportWalkTest {
    /** Vendor records beside the demo's; hashed.example and hashedlocal.example are held as hashes only. */
    static final String EXTRA = """
            domain,,,,,hashed.example,,MALWARE,,,,
            domain,,,,,fp.example,,MALWARE,,,,
            domain,,,,,deep.partner.example,,PHISHING,,,,
            domain,,,,,bad.example,,MALWARE,,,,
            domain,,,,,adware.example,,ADWARE,,,,
            domain,,,,,hashedlocal.example,,MALWARE,,,,
            ip,,,,,,203.0.113.0/24,MALWARE,,,,
            ip,,,,,,203.0.113.5,CLEAN,,,,
            ip,,,,,,198.51.100.64/26,MALWARE,,,,
            ip,,,,,,2001:db8:bad::/48,MALWARE,,,,
            """;

    static final String TRUE_SHA256 = "c79bf44242829108e323378531f4ac839513ca1fba45efd6583643526e1e9fd2";
    static final String TRUE_SHA1 = "8ae191681fa09d78923d555996d8746f8601146a";
    static final String TRUE_MD5 = "7a52c94ace40d9c052cf40f3541637c3";
    static final String EMPTY_SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

    /** Local verdicts of every case: overrides, additions, an expired one. */
    static final LocalIndex LOCAL = LocalIndex.ofEntries(List.of(
            local(1, LocalKind.DOMAIN, "fp.example", Category.TRUSTED),
            local(2, LocalKind.DOMAIN, "partner.example", Category.CLEAN),
            local(3, LocalKind.DOMAIN, "ok.bad.example", Category.TRUSTED),
            local(4, LocalKind.DOMAIN, "phish.internal.example", Category.PHISHING),
            expired(5, LocalKind.DOMAIN, "old.example", Category.MALWARE),
            local(6, LocalKind.URL, "urlroot.example/", Category.PHISHING),
            local(7, LocalKind.DOMAIN, "hashedlocal.example", Category.TRUSTED),
            local(8, LocalKind.IP, "198.51.100.64/26", Category.TRUSTED),
            local(9, LocalKind.IP, "100.64.0.0/10", Category.MALWARE),
            local(10, LocalKind.IP, "203.0.113.128/25", Category.CLEAN),
            local(11, LocalKind.FILE, TRUE_SHA256, Category.MALWARE),
            local(12, LocalKind.FILE, EMPTY_SHA1, Category.MALWARE)));

    @TempDir
    static Path dir;

    static GenerationStore store;

    @BeforeAll
    static void importDemoAndCases() throws IOException {
        store = ExportTestData.store(
                dir, writer -> ExportTestData.addCsv(writer, EXTRA, "hashed.example", "hashedlocal.example"));
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    private static List<ExportItem> walk(Set<Zone> zones, LocalIndex local, ExportKind... kinds) {
        List<ExportItem> items = new ArrayList<>();
        try (Generation generation = store.acquire().orElseThrow()) {
            new ExportWalk(generation, local, zones, Instant.now()).walk(Set.of(kinds), items::add);
        }
        return items;
    }

    private static ExportItem vendor(ExportKind kind, String value, Category category) {
        return new ExportItem(kind, value, category, false, 0, false);
    }

    private static ExportItem vendorException(ExportKind kind, String value, Category category) {
        return new ExportItem(kind, value, category, false, 0, true);
    }

    private static ExportItem byLocal(ExportKind kind, String value, Category category, long id) {
        return new ExportItem(kind, value, category, true, id, false);
    }

    private static ExportItem localException(ExportKind kind, String value, Category category, long id) {
        return new ExportItem(kind, value, category, true, id, true);
    }

    @Test
    void listsRedDomainsWithLocalVerdictsReplacingOrAddingRules() {
        assertThat(walk(EnumSet.of(Zone.RED), LOCAL, ExportKind.DOMAIN))
                .containsExactlyInAnyOrder(
                        vendor(ExportKind.DOMAIN, "malware.testing.google.test", Category.MALWARE),
                        vendor(ExportKind.DOMAIN, "bad.example", Category.MALWARE),
                        // A local TRUSTED on a listed domain replaces its rule by an exception.
                        localException(ExportKind.DOMAIN, "fp.example", Category.TRUSTED, 1),
                        // A local CLEAN on a parent clears the listed name below it, as a lookup finds it.
                        localException(ExportKind.DOMAIN, "deep.partner.example", Category.CLEAN, 2),
                        // A local TRUSTED below a listed parent needs its own exception against *.bad.example.
                        localException(ExportKind.DOMAIN, "ok.bad.example", Category.TRUSTED, 3),
                        byLocal(ExportKind.DOMAIN, "phish.internal.example", Category.PHISHING, 4),
                        // A local verdict on a host's root URL is one on the host, for a domain lookup.
                        byLocal(ExportKind.DOMAIN, "urlroot.example", Category.PHISHING, 6));
        // Not written: the expired local verdict, the CLEAN demo host, the YELLOW adware, local
        // GREEN verdicts that clear nothing (partner.example, hashedlocal.example).
    }

    @Test
    void countsRedDomainsHeldAsHashesOnly() {
        try (Generation generation = store.acquire().orElseThrow()) {
            ExportWalk.Result result = new ExportWalk(generation, LOCAL, EnumSet.of(Zone.RED), Instant.now())
                    .walk(EnumSet.of(ExportKind.DOMAIN), item -> {});
            // hashed.example; hashedlocal.example is overruled by a local verdict, which names it.
            assertThat(result.hashedOnlyDomains()).isEqualTo(1);
            assertThat(result.items()).isEqualTo(7);
        }
    }

    @Test
    void addsYellowWhenAsked() {
        assertThat(walk(EnumSet.of(Zone.RED, Zone.YELLOW), LOCAL, ExportKind.DOMAIN))
                .contains(vendor(ExportKind.DOMAIN, "adware.example", Category.ADWARE))
                .hasSize(8);
    }

    @Test
    void listsRangesWithExceptionsWhereALongerPrefixOrALocalVerdictClearsThem() {
        assertThat(walk(EnumSet.of(Zone.RED), LOCAL, ExportKind.IP))
                .containsExactly(
                        vendor(ExportKind.IP, "198.51.100.7/32", Category.MALWARE),
                        localException(ExportKind.IP, "198.51.100.64/26", Category.TRUSTED, 8),
                        vendor(ExportKind.IP, "203.0.113.0/24", Category.MALWARE),
                        // The vendor's CLEAN /32 inside its own MALWARE /24: longest prefix wins.
                        vendorException(ExportKind.IP, "203.0.113.5/32", Category.CLEAN),
                        vendor(ExportKind.IP, "2001:db8:bad::/48", Category.MALWARE),
                        byLocal(ExportKind.IP, "100.64.0.0/10", Category.MALWARE, 9),
                        localException(ExportKind.IP, "203.0.113.128/25", Category.CLEAN, 10));
    }

    @Test
    void aWiderLocalVerdictDecidesForTheVendorRangesInsideIt() {
        LocalIndex local = LocalIndex.ofEntries(List.of(
                local(20, LocalKind.IP, "203.0.113.0/24", Category.TRUSTED),
                local(21, LocalKind.IP, "2001:db8::/32", Category.MALWARE)));
        assertThat(walk(EnumSet.of(Zone.RED), local, ExportKind.IP))
                .containsExactly(
                        vendor(ExportKind.IP, "198.51.100.7/32", Category.MALWARE),
                        vendor(ExportKind.IP, "198.51.100.64/26", Category.MALWARE),
                        localException(ExportKind.IP, "203.0.113.0/24", Category.TRUSTED, 20),
                        // Inside the local TRUSTED /24, lookups answer the local verdict: no block.
                        byLocal(ExportKind.IP, "2001:db8::/32", Category.MALWARE, 21),
                        byLocal(ExportKind.IP, "2001:db8:bad::/48", Category.MALWARE, 21));
    }

    @Test
    void listsFileDigestsWithLocalVerdictsOnAnyOfTheFilesDigests() {
        assertThat(walk(EnumSet.of(Zone.RED), LOCAL, ExportKind.SHA1))
                .containsExactlyInAnyOrder(
                        vendor(ExportKind.SHA1, TestBundles.EICAR_SHA1, Category.MALWARE),
                        // The local verdict is on the file's SHA-256; lookups by SHA-1 find it too.
                        byLocal(ExportKind.SHA1, TRUE_SHA1, Category.MALWARE, 11),
                        byLocal(ExportKind.SHA1, EMPTY_SHA1, Category.MALWARE, 12));
        assertThat(walk(EnumSet.of(Zone.RED), LOCAL, ExportKind.MD5, ExportKind.SHA256))
                .containsExactlyInAnyOrder(
                        vendor(ExportKind.MD5, TestBundles.EICAR_MD5, Category.MALWARE),
                        byLocal(ExportKind.MD5, TRUE_MD5, Category.MALWARE, 11),
                        vendor(ExportKind.SHA256, TestBundles.EICAR_SHA256, Category.MALWARE),
                        byLocal(ExportKind.SHA256, TRUE_SHA256, Category.MALWARE, 11));
    }

    @Test
    void aLocalTrustedVerdictTakesAFileOutOfTheRedZoneByEveryDigest() {
        LocalIndex local =
                LocalIndex.ofEntries(List.of(local(30, LocalKind.FILE, TestBundles.EICAR_MD5, Category.TRUSTED)));
        assertThat(walk(EnumSet.of(Zone.RED), local, ExportKind.MD5, ExportKind.SHA1, ExportKind.SHA256))
                .isEmpty();
        assertThat(walk(EnumSet.of(Zone.GREEN), local, ExportKind.SHA1))
                .contains(byLocal(ExportKind.SHA1, TestBundles.EICAR_SHA1, Category.TRUSTED, 30));
    }

    @Test
    void givesTheSameItemsInTheSameOrderEveryTime() {
        Set<Zone> zones = EnumSet.of(Zone.RED, Zone.YELLOW);
        ExportKind[] all = ExportKind.values();
        assertThat(walk(zones, LOCAL, all)).isEqualTo(walk(zones, LOCAL, all)).hasSizeGreaterThan(20);
    }
}
