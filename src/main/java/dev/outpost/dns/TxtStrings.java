package dev.outpost.dns;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.outpost.lookup.Match;
import dev.outpost.lookup.Source;
import dev.outpost.lookup.Subject;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.Verdict;
import dev.outpost.reputation.Zone;
import dev.outpost.store.DatasetInfo;

/**
 * The text of every TXT record the zones answer: one character-string each, printable ASCII only,
 * at most 255 bytes (RFC 1035 §3.3.14). Clients split or parse these strings, so a second string or
 * a byte that dnspython would print as {@code \DDD} would break them (interop.md §1.4).
 */
final class TxtStrings {
    /** Longest character-string (RFC 1035 §3.3). */
    static final int MAX_BYTES = 255;

    /** Longest source name given in a record, so that the fixed fields always fit beside it. */
    static final int MAX_SOURCE_CHARS = 40;

    /** What CIRCL's DNS server reports as its version in {@code info} (interop.md §1.4). */
    static final String HASHLOOKUP_DNS_VERSION = "0.2";

    private TxtStrings() {}

    /**
     * Team Cymru MHR (interop.md §3.1): {@code "<epoch> <percent>"}. The epoch is the start (UTC) of
     * the verdict's last-seen day, else its first-seen day, else {@code nowEpoch}: a verdict without
     * dates (every local verdict) holds as of the answer.
     */
    static String hash(Verdict verdict, long nowEpoch) {
        LocalDate day = verdict.lastSeen() != null ? verdict.lastSeen() : verdict.firstSeen();
        long epoch = day == null ? nowEpoch : day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        return epoch + " " + ListingCodes.hashPercent(verdict.zone());
    }

    /**
     * CIRCL hashlookup's record (interop.md §1.3, §1.4) with the fields Outpost knows, under CIRCL's
     * names: the digests ({@code SHA-1}, {@code MD5}, {@code SHA-256}; upper-case hex, as CIRCL keys
     * them), {@code KnownMalicious} naming the source for a RED verdict, and {@code
     * hashlookup:trust}. Optional fields are dropped, last first, until the string fits 255 bytes;
     * the digest that was asked for always stays.
     */
    static String hashlookup(Subject.Digest subject, String queriedHex, Verdict verdict, Source source) {
        FileHashes digests = subject.digests();
        String queried = queriedHex.toUpperCase(Locale.ROOT);
        List<Field> fields = new ArrayList<>();
        for (HashType type : new HashType[] {HashType.SHA1, HashType.MD5, HashType.SHA256}) {
            Hash hash = digests == null ? null : digests.get(type);
            String hex = hash != null ? hash.hex().toUpperCase(Locale.ROOT) : subject.type() == type ? queried : null;
            if (hex != null) {
                fields.add(new Field(circlName(type), quoted(hex), subject.type() == type));
            }
        }
        if (verdict.zone() == Zone.RED) {
            fields.add(new Field("KnownMalicious", quoted(sourceName(source)), false));
        }
        fields.add(new Field("hashlookup:trust", Integer.toString(trust(verdict.category())), false));
        String json = json(fields);
        // With the source name capped, every record fits (at most 251 bytes): this drops the optional
        // fields, last first, only should a field ever be added that does not.
        for (int i = fields.size() - 1; json.length() > MAX_BYTES && i >= 0; i--) {
            if (!fields.get(i).required()) {
                fields.remove(i);
                json = json(fields);
            }
        }
        return json;
    }

    /**
     * CIRCL's {@code info} over DNS (interop.md §1.4): {@code nsrl-version} becomes the dataset and
     * its sequence, the key count the dataset's file records.
     */
    static String info(DatasetInfo info) {
        long files = info.counts().getOrDefault("files", 0L);
        List<Field> fields = List.of(
                new Field(
                        "nsrl-version", quoted(ascii(info.dataset(), MAX_SOURCE_CHARS) + ":" + info.sequence()), true),
                new Field("stat:hashlookup_total_keys", Long.toString(files), true),
                new Field("hashlookup-version", quoted(HASHLOOKUP_DNS_VERSION), true));
        return json(fields);
    }

    /**
     * An ip or domain list's TXT (RFC 5782 §2.1 leaves its text free): {@code <CATEGORY>
     * <threat-name>; <source>; <match>}, e.g. {@code MALWARE Test.Malware.Host; vendor
     * outpost-demo#1; ip 198.51.100.7/32}. The threat name is cut to fit.
     */
    static String listing(Verdict verdict, Match match, Source source) {
        String sourceText = source instanceof Source.Local local
                ? "local verdict " + local.localVerdictId()
                : "vendor " + sourceName(source) + "#" + ((Source.Vendor) source).sequence();
        String matchText = match == null ? "" : "; " + match.type().label() + " " + ascii(match.expression(), 120);
        String tail = "; " + sourceText + matchText;
        String head = verdict.category().name();
        String threat = verdict.threatName() == null ? "" : " " + ascii(verdict.threatName(), MAX_BYTES);
        int room = MAX_BYTES - head.length() - tail.length();
        if (threat.length() > room) {
            threat = room > 1 ? threat.substring(0, room) : "";
        }
        String text = head + threat + tail;
        return text.length() > MAX_BYTES ? text.substring(0, MAX_BYTES) : text;
    }

    /** {@code hashlookup:trust} from the verdict, exactly as the hashlookup-compatible HTTP endpoints give it. */
    static int trust(Category category) {
        return dev.outpost.hashlookup.Trust.of(category);
    }

    /** The dataset's name for a vendor verdict, {@code local} for an operator's. */
    static String sourceName(Source source) {
        if (source instanceof Source.Vendor vendor) {
            return ascii(vendor.dataset(), MAX_SOURCE_CHARS);
        }
        return "local";
    }

    /**
     * Printable ASCII only, at most {@code max} characters: anything else (non-ASCII, controls, and
     * the quote and backslash that would need escaping in JSON) becomes {@code ?}.
     */
    static String ascii(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            out.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? (char) c : '?');
        }
        return out.toString();
    }

    /** The character-string's wire form: its length byte, then its bytes. */
    static byte[] rdata(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("a TXT string holds at most 255 bytes");
        }
        byte[] rdata = new byte[bytes.length + 1];
        rdata[0] = (byte) bytes.length;
        System.arraycopy(bytes, 0, rdata, 1, bytes.length);
        return rdata;
    }

    private static String circlName(HashType type) {
        return switch (type) {
            case MD5 -> "MD5";
            case SHA1 -> "SHA-1";
            case SHA256 -> "SHA-256";
        };
    }

    private static String quoted(String asciiWithoutQuotes) {
        return "\"" + asciiWithoutQuotes + "\"";
    }

    /** A JSON member whose value is JSON already: a quoted ASCII string without quotes or backslashes, or a number. */
    private record Field(String name, String json, boolean required) {}

    private static String json(List<Field> fields) {
        StringBuilder out = new StringBuilder("{");
        for (Field field : fields) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(field.name()).append("\":").append(field.json());
        }
        return out.append('}').toString();
    }
}
