package dev.outpost.publishing.feeds;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import dev.outpost.publishing.KeyedRecords;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.ReputationRecord;

/**
 * URLhaus's CSV (interop.md §4.2; offline-bundles/FEEDS.md §urlhaus-csv): a URL record per row, its
 * expression canonicalized as lookups canonicalize it. {@code threat} {@code phishing} is PHISHING;
 * everything else URLhaus lists ({@code malware_download}, {@code c2}) is MALWARE. The tags, which
 * name the malware among other things, are the threat name.
 */
final class UrlhausCsv extends CsvFeed {
    static final List<String> LAYOUT = List.of(
            "id", "dateadded", "url", "url_status", "last_online", "threat", "tags", "urlhaus_link", "reporter");

    UrlhausCsv() {
        super("dateadded", LAYOUT);
    }

    @Override
    void map(CsvRow row, Consumer<ReputationRecord> out) {
        String threat = row.text("threat");
        Category category = threat != null && threat.toLowerCase(Locale.ROOT).equals("phishing")
                ? Category.PHISHING
                : Category.MALWARE;
        out.accept(KeyedRecords.url(
                row.required("url"),
                FeedValues.verdict(category, row.text("tags"), row.date("dateadded"), row.date("last_online"))));
    }
}
