package dev.outpost.publishing.feeds;

import static dev.outpost.publishing.feeds.FeedFixtures.describe;
import static dev.outpost.publishing.feeds.FeedFixtures.read;
import static dev.outpost.publishing.feeds.FeedFixtures.url;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlhausCsvTest {
    @Test
    void readsQuotedRowsWithCommasInsideTagsAndMapsThreatsToVerdicts() throws Exception {
        var read = read(FeedFormat.URLHAUS_CSV, "urlhaus/csv_recent.csv");

        assertThat(read.records()).hasSize(3);
        assertThat(describe(url(read.records(), "http://203.0.113.55:4444/bin.sh")))
                .isEqualTo("MALWARE 32-bit,elf,mips,Mozi 2026-10-05 null");
        // Canonicalized as lookups canonicalize: a lookup of the lower-case form finds it.
        assertThat(describe(url(read.records(), "https://login.example-bank.test/verify/")))
                .isEqualTo("PHISHING null 2026-10-04 2026-10-04");
        assertThat(describe(url(read.records(), "http://evil.example/payload.exe")))
                .isEqualTo("MALWARE exe,AgentTesla 2026-10-03 2026-10-03");
    }
}
