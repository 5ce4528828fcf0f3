package dev.outpost.publishing.feeds;

import java.util.List;
import java.util.function.Consumer;

import dev.outpost.publishing.KeyedRecords;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.ReputationRecord;

/**
 * Feodo Tracker's IP blocklist CSV (interop.md §4.4; offline-bundles/FEEDS.md §feodo-csv), in both
 * of its forms: the current one with an uncommented quoted header, the older one with a commented
 * unquoted header and unquoted rows. A botnet C2 address becomes an IP record (the port is not part
 * of Outpost's IP key), MALWARE, named after the {@code malware} column.
 */
final class FeodoCsv extends CsvFeed {
    static final List<String> LAYOUT =
            List.of("first_seen_utc", "dst_ip", "dst_port", "c2_status", "last_online", "malware");

    FeodoCsv() {
        super("dst_ip", LAYOUT);
    }

    @Override
    void map(CsvRow row, Consumer<ReputationRecord> out) {
        out.accept(KeyedRecords.ipRange(
                Addresses.single(row.required("dst_ip")),
                FeedValues.verdict(
                        Category.MALWARE, row.text("malware"), row.date("first_seen_utc"), row.date("last_online"))));
    }
}
