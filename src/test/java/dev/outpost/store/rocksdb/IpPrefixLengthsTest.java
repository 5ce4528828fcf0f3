package dev.outpost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.lookup.LookupOutcome;
import dev.outpost.lookup.Snapshots;
import dev.outpost.lookup.WebLookupService;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.Verdict;
import dev.outpost.store.Generation;
import dev.outpost.store.StoreTuning;
import dev.outpost.web.IpRange;

/** A longest-prefix match reads one key per prefix length the generation holds (ADR 0008). */
class IpPrefixLengthsTest {
    @TempDir
    Path dir;

    @Test
    void onlyTheLengthsPresentAreProbedAndTheLongestStillWins() {
        List<String> ranges =
                List.of("10.0.0.0/8", "10.1.2.0/24", "10.1.2.3", "0.0.0.0/0", "2001:db8::/32", "2001:db8:1::/48");
        try (RocksGenerationStore store = RocksGenerationStore.open(dir, StoreTuning.DEFAULTS)) {
            activate(store, ranges);
            try (Generation generation = store.acquire().orElseThrow()) {
                assertThat(generation.ipPrefixLengths(4)).containsExactly(32, 24, 8, 0);
                assertThat(generation.ipPrefixLengths(6)).containsExactly(48, 32);
            }
            WebLookupService lookups = new WebLookupService(Snapshots.vendorOnly(store));
            assertThat(matched(lookups.ip("10.1.2.3"))).isEqualTo("10.1.2.3/32");
            assertThat(matched(lookups.ip("10.1.2.4"))).isEqualTo("10.1.2.0/24");
            assertThat(matched(lookups.ip("10.9.9.9"))).isEqualTo("10.0.0.0/8");
            assertThat(matched(lookups.ip("192.0.2.1"))).isEqualTo("0.0.0.0/0");
            assertThat(matched(lookups.ip("2001:db8:1::5"))).isEqualTo("2001:db8:1::/48");
            assertThat(matched(lookups.ip("2001:db8:2::5"))).isEqualTo("2001:db8::/32");
            // An IPv6 address is not under an IPv4 range, however short.
            assertThat(matched(lookups.ip("2001:db9::1"))).isNull();
        }
    }

    @Test
    void aGenerationWithoutRangesHasNoLengths() {
        try (RocksGenerationStore store = RocksGenerationStore.open(dir, StoreTuning.DEFAULTS)) {
            activate(store, List.of());
            try (Generation generation = store.acquire().orElseThrow()) {
                assertThat(generation.ipPrefixLengths(4)).isEmpty();
                assertThat(generation.ipPrefixLengths(6)).isEmpty();
            }
            assertThat(new WebLookupService(Snapshots.vendorOnly(store)).ip("10.1.2.3"))
                    .isInstanceOf(LookupOutcome.Unknown.class);
        }
    }

    /** The range that decided, or null for an address under none. */
    private static String matched(LookupOutcome outcome) {
        return outcome instanceof LookupOutcome.Known known ? known.match().expression() : null;
    }

    private static void activate(RocksGenerationStore store, List<String> ranges) {
        List<byte[]> keys = new java.util.ArrayList<>(
                ranges.stream().map(r -> IpRange.parse(r).key()).toList());
        keys.sort(Arrays::compareUnsigned);
        byte[] suspicious = RecordCodec.encodeCertificate(new Verdict(Category.SUSPICIOUS, null, null, null, 0), -1);
        OnePartGeneration.activate(store, KeySpace.IP_RANGE, keys, key -> suspicious);
    }
}
