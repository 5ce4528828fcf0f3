package dev.outpost.publishing.feeds;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import dev.outpost.reputation.InvalidInputException;

/**
 * The public feed formats {@code outpost bundle build --feed FORMAT=FILE} reads; each name is the
 * one the CLI and offline-bundles/FEEDS.md use. Closed set: a new format is a new constant, a new
 * reader and a new section of FEEDS.md.
 */
public enum FeedFormat {
    MALWAREBAZAAR_CSV("malwarebazaar-csv", false, "MalwareBazaar CSV export (file hashes)", MalwareBazaarCsv::new),
    URLHAUS_CSV("urlhaus-csv", false, "URLhaus CSV (URLs)", UrlhausCsv::new),
    THREATFOX_CSV("threatfox-csv", false, "ThreatFox CSV export (hashes, URLs, domains, IPs)", ThreatFoxCsv::new),
    THREATFOX_JSON("threatfox-json", false, "ThreatFox JSON export", ThreatFoxJson::new),
    FEODO_CSV("feodo-csv", false, "Feodo Tracker IP blocklist CSV (botnet C2 addresses)", FeodoCsv::new),
    MISP_FEED("misp-feed", true, "MISP feed directory (manifest.json and <uuid>.json events)", MispFeed::new),
    STIX2("stix2", false, "STIX 2.1 bundle JSON (indicator patterns)", Stix2Bundle::new),
    NSRL_RDS3("nsrl-rds3", false, "NIST NSRL RDSv3 SQLite database (known software: CLEAN)", NsrlRds3::new),
    NSRL_LEGACY("nsrl-legacy", false, "NIST NSRL legacy NSRLFile.txt (known software: CLEAN)", NsrlLegacy::new);

    private final String id;
    private final boolean directory;
    private final String description;
    private final Supplier<FeedReader> reader;

    FeedFormat(String id, boolean directory, String description, Supplier<FeedReader> reader) {
        this.id = id;
        this.directory = directory;
        this.description = description;
        this.reader = reader;
    }

    /** The name on the command line, e.g. {@code malwarebazaar-csv}. */
    public String id() {
        return id;
    }

    /** Whether the source is a directory (a MISP feed) rather than one file. */
    public boolean directory() {
        return directory;
    }

    public String description() {
        return description;
    }

    FeedReader reader() {
        return reader.get();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(FeedFormat::id).toList();
    }

    /** The format named {@code id} (case-insensitive); anything else is refused with the list of names. */
    public static FeedFormat byId(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (FeedFormat format : values()) {
            if (format.id.equals(wanted)) {
                return format;
            }
        }
        throw new InvalidInputException(
                "unknown-feed-format",
                "unknown feed format '" + id + "'; known formats: " + String.join(", ", ids()),
                id);
    }
}
