package dev.outpost.publishing;

import dev.outpost.reputation.DomainKey;
import dev.outpost.reputation.IpKey;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.UrlKey;
import dev.outpost.reputation.Verdict;
import dev.outpost.web.CanonicalUrl;
import dev.outpost.web.Domains;
import dev.outpost.web.IpRange;

/**
 * Publisher-side records for URLs, domains and IP ranges (ADR 0008), canonicalized and keyed exactly
 * as lookups canonicalize and key them, so a publisher cannot get a key subtly wrong.
 */
public final class KeyedRecords {
    private KeyedRecords() {}

    /**
     * A verdict on the expression of {@code url}: its canonical host, path and query. A URL ending
     * in a directory ({@code http://evil.example/phish/}) covers everything below it.
     */
    public static ReputationRecord.Keyed url(String url, Verdict verdict) {
        return new ReputationRecord.Keyed(
                KeySpace.URL_EXPRESSION, UrlKey.of(CanonicalUrl.parse(url).expression()), verdict);
    }

    /**
     * A verdict on a domain and all its subdomains, carrying its name when the name can be written
     * into a DNS zone; whether a bundle keeps names is the build's choice ({@code --domain-names}).
     */
    public static ReputationRecord.Keyed domain(String domain, Verdict verdict) {
        String canonical = Domains.canonical(domain);
        byte[] ascii = canonical.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean listable =
                canonical.chars().allMatch(c -> c < 0x80) && RecordCodec.isListableName(ascii, 0, ascii.length);
        return new ReputationRecord.Keyed(
                KeySpace.DOMAIN_SHA256, DomainKey.of(canonical), verdict, listable ? canonical : null);
    }

    /** A verdict on an IPv4 or IPv6 address or CIDR range, keyed as {@link IpKey} says. */
    public static ReputationRecord.Keyed ipRange(String range, Verdict verdict) {
        return new ReputationRecord.Keyed(
                KeySpace.IP_RANGE, IpRange.parse(range).key(), verdict);
    }
}
