package dev.outpost.publishing.feeds;

import static dev.outpost.publishing.feeds.FeedFixtures.describe;
import static dev.outpost.publishing.feeds.FeedFixtures.ip;
import static dev.outpost.publishing.feeds.FeedFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeodoCsvTest {
    @Test
    void readsTheCurrentFormWithItsUncommentedQuotedHeader() throws Exception {
        var read = read(FeedFormat.FEODO_CSV, "feodo/ipblocklist.csv");

        assertThat(read.report().summary()).endsWith(": 2 entries, 2 records, 0 not mapped, 0 invalid skipped");
        assertThat(describe(ip(read.records(), "50.16.16.211"))).isEqualTo("MALWARE QakBot 2025-12-30 2026-03-12");
        assertThat(describe(ip(read.records(), "198.51.100.44"))).isEqualTo("MALWARE Emotet 2026-01-02 null");
    }

    @Test
    void readsTheOlderFormWithACommentedHeaderAndUnquotedRows() throws Exception {
        var read = read(FeedFormat.FEODO_CSV, "feodo/ipblocklist-old.csv");

        assertThat(read.records()).hasSize(2);
        assertThat(describe(ip(read.records(), "203.0.113.9"))).isEqualTo("MALWARE Dridex 2021-01-17 2021-01-20");
        assertThat(describe(ip(read.records(), "203.0.113.10"))).isEqualTo("MALWARE TrickBot 2021-01-18 null");
    }
}
