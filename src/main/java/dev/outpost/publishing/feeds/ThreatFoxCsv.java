package dev.outpost.publishing.feeds;

import java.util.List;
import java.util.function.Consumer;

import dev.outpost.reputation.ReputationRecord;

/**
 * ThreatFox's CSV export (interop.md §4.3): comma-space separated, {@code None} and {@code ""} for
 * empty, and a header that gained {@code is_compromised} over time; the header maps the columns, so
 * old and new dumps both read. Mapping in {@link ThreatFoxIoc}.
 */
final class ThreatFoxCsv extends CsvFeed {
    static final List<String> LAYOUT = List.of(
            "first_seen_utc",
            "ioc_id",
            "ioc_value",
            "ioc_type",
            "threat_type",
            "fk_malware",
            "malware_alias",
            "malware_printable",
            "last_seen_utc",
            "confidence_level",
            "is_compromised",
            "reference",
            "tags",
            "anonymous",
            "reporter");

    ThreatFoxCsv() {
        super("ioc_value", LAYOUT);
    }

    @Override
    void map(CsvRow row, Consumer<ReputationRecord> out) {
        ThreatFoxIoc.of(row::text, "fk_malware").map(out);
    }
}
