package dev.outpost.dns;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.Zone;

/**
 * The A records the zones answer with (docs/dns.md, "Return codes"). A listed name answers an
 * address in 127.0.0.0/8 (RFC 5782 §2.1): {@code 127.0.<list>.<reason>}, the list being 0 for
 * addresses and 1 for domains (as Spamhaus puts its DBL on 127.0.1.x), the reason taken from
 * Spamhaus's DBL numbering where it has the category (2 low reputation, 4 phishing, 5 malware) and
 * new numbers where it has not. The hash zone answers 127.0.0.2 for every listed file, as Team
 * Cymru's MHR does.
 */
final class ListingCodes {
    private ListingCodes() {}

    /** Team Cymru MHR: every listed hash. */
    static final byte[] HASH_LISTED = {127, 0, 0, 2};

    /** Spamhaus DBL's error code: an IP address was queried against the domain list. */
    static final byte[] ADDRESS_IN_DOMAIN_LIST = {127, 0, 1, (byte) 255};

    /** The reason octet of the RFC 5782 §5 test entries: the lists' "low reputation" code. */
    static final int TEST_REASON = 2;

    /** The address an ip or domain list answers for a listed category, or null when it is not listed. */
    static byte[] listed(Zones.Kind list, Category category) {
        int reason = reason(category);
        return reason == 0 ? null : code(list, reason);
    }

    /** The address of an RFC 5782 §5 test entry: 127.0.0.2 and 127.0.1.2. */
    static byte[] test(Zones.Kind list) {
        return code(list, TEST_REASON);
    }

    /**
     * The last octet for a category; 0 for what a blocklist does not list (clean, trusted, unknown).
     * Never renumber: clients match these.
     */
    static int reason(Category category) {
        return switch (category) {
            case SUSPICIOUS -> 2;
            case PHISHING -> 4;
            case MALWARE -> 5;
            case RISKWARE -> 7;
            case ADWARE -> 8;
            case CLEAN, TRUSTED, UNKNOWN -> 0;
        };
    }

    /**
     * Team Cymru's TXT gives the share of antivirus engines that detect a file; Outpost has one verdict
     * per file, so the share says how sure that verdict is: 100 for RED (malware), 50 for YELLOW
     * (adware, riskware, suspicious). Nothing else is listed.
     */
    static int hashPercent(Zone zone) {
        return switch (zone) {
            case RED -> 100;
            case YELLOW -> 50;
            case GREEN, GREY -> 0;
        };
    }

    private static byte[] code(Zones.Kind list, int reason) {
        int third =
                switch (list) {
                    case IP -> 0;
                    case DOMAIN -> 1;
                    case HASH, HASHLOOKUP -> throw new IllegalStateException("no list codes in the " + list + " zone");
                };
        return new byte[] {127, 0, (byte) third, (byte) reason};
    }
}
