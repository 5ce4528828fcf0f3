package dev.outpost.publishing.feeds;

/**
 * Bounds on every read of a feed (PRODUCT.md: "cap every read"), documented in
 * offline-bundles/FEEDS.md §Limits. A feed is a publisher's download from the internet: large, but
 * not to be trusted with unbounded memory.
 */
final class FeedLimits {
    /** Longest CSV or text line; a longer line is an invalid entry (URLs are at most 16 KiB anyway). */
    static final int MAX_LINE_BYTES = 64 * 1024;

    /** Entries of one feed; NSRL RDSv3 has a few hundred million rows. */
    static final long MAX_ENTRIES_PER_FEED = 4_000_000_000L;

    /** Longest JSON string Outpost reads the text of (a URL, a pattern, an event's info); others are skipped unread. */
    static final int MAX_JSON_STRING_CHARS = 1024 * 1024;

    /**
     * Text kept of one JSON entry, its fields and list items together (a MISP object with its
     * attributes is one entry): the string and list caps above bound each piece, this bounds their
     * product, so that 10,000 tags of 1 Mi characters cannot make one entry 20 GB of heap.
     */
    static final int MAX_ENTRY_CHARS = 4 * 1024 * 1024;

    /** Deepest JSON nesting; MISP and STIX documents nest a handful of levels. */
    static final int MAX_JSON_DEPTH = 64;

    /** Size of one JSON document: a ThreatFox export or a STIX bundle, streamed. */
    static final long MAX_JSON_DOCUMENT_BYTES = 8L * 1024 * 1024 * 1024;

    /** Size of a MISP feed's manifest.json, streamed. */
    static final long MAX_MISP_MANIFEST_BYTES = 256L * 1024 * 1024;

    /** Size of one MISP event file, streamed (twice: the event's own fields, then its attributes). */
    static final long MAX_MISP_EVENT_BYTES = 2L * 1024 * 1024 * 1024;

    /** Events listed in one MISP manifest. */
    static final int MAX_MISP_EVENTS = 10_000_000;

    /** Tags kept per event or attribute, and attributes kept per MISP object (objects are small). */
    static final int MAX_LIST_ITEMS = 10_000;

    /** Longest STIX pattern parsed. */
    static final int MAX_PATTERN_CHARS = 64 * 1024;

    /** Alternatives one STIX pattern may expand to (its OR branches, IN lists, AND cross products). */
    static final int MAX_PATTERN_ALTERNATIVES = 10_000;

    /**
     * Shortest IPv4 prefix a feed may list: a /16 is 65,536 addresses, wider than any block
     * list's entry in practice; {@code 0.0.0.0/0} in a feed is a mistake or an attack.
     */
    static final int MIN_IPV4_PREFIX = 16;

    /** Shortest IPv6 prefix a feed may list: a /32 is a whole provider's allocation. */
    static final int MIN_IPV6_PREFIX = 32;

    /** Skipped entries told one by one on stderr per feed; the summary counts them all. */
    static final int MAX_REPORTED_SKIPS = 100;

    private FeedLimits() {}
}
