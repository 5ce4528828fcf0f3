package dev.outpost.lookup;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.Verdict;

/**
 * Writes lookup outcomes as the API's JSON, straight into bytes: the one writer of every answer,
 * for the REST resources and the CLI. Jackson's reflective record serialization was the largest cost
 * of a bulk lookup in a JFR profile (issue 3), so answers are written field by field into one
 * growable buffer.
 *
 * <p>The bytes are the API's as {@code Answer} and {@code WebAnswer} describe them: their fields in
 * their order, nulls omitted, dates as {@code yyyy-MM-dd}. {@code WireFormatTest} holds the
 * endpoints to them byte for byte, {@code AnswerJsonTest} holds this writer to Jackson's output.
 */
public final class AnswerJson {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /**
     * How strings are escaped. The API had two writers before it had this one, and clients have seen
     * both: the two escape differently where a string holds control characters, DEL or characters
     * outside the Basic Multilingual Plane (an echoed query, an operator's threat name). Both parse
     * to the same strings, except that {@link #HASH_ANSWERS} turns an unpaired surrogate into
     * {@code ?}. Which one to keep for both is a wire-format decision; until then each kind of
     * answer keeps its own.
     */
    public enum Escaping {
        /**
         * File and certificate answers, as this writer always wrote them: {@code \n}, {@code \r},
         * {@code \t}; other control characters and DEL as <code>&#92;u00xx</code> (lower-case hex);
         * every other character as UTF-8.
         */
        HASH_ANSWERS,
        /**
         * URL, domain and IP answers, as Jackson wrote them: {@code \b}, {@code \f}, {@code \n},
         * {@code \r}, {@code \t}; other control characters as <code>&#92;u00XX</code> (upper-case
         * hex); DEL as is; each UTF-16 surrogate, paired or not, as <code>&#92;uXXXX</code>; every
         * other character as UTF-8.
         */
        WEB_ANSWERS
    }

    private final Escaping escaping;
    private byte[] buf;
    private int len;

    private AnswerJson(Escaping escaping, int capacity) {
        this.escaping = escaping;
        this.buf = new byte[capacity];
    }

    /** One answer: the body of a single lookup. */
    public static byte[] single(LookupOutcome outcome, Escaping escaping) {
        AnswerJson out = new AnswerJson(escaping, 512);
        out.outcome(outcome);
        return out.toBytes();
    }

    /** {@code {"results": [...]}}: the body of a bulk lookup, one answer per item in order. */
    public static byte[] bulk(List<LookupOutcome> outcomes, Escaping escaping) {
        AnswerJson out = new AnswerJson(escaping, 64 + outcomes.size() * 256);
        out.ascii("{\"results\":[");
        for (int i = 0; i < outcomes.size(); i++) {
            if (i > 0) {
                out.raw((byte) ',');
            }
            out.outcome(outcomes.get(i));
        }
        out.ascii("]}");
        return out.toBytes();
    }

    /** Release 17 has no pattern switch: the cases in turn, the last one cast, so that a new case fails loudly. */
    private void outcome(LookupOutcome outcome) {
        if (outcome instanceof LookupOutcome.Known known) {
            answer(known.query(), known.subject(), known.verdict(), true, known.match(), known.source());
        } else if (outcome instanceof LookupOutcome.LocalOverride local) {
            // An operator's verdict carries no popularity (ADR 0009).
            answer(local.query(), local.subject(), local.verdict(), false, local.match(), local.source());
        } else if (outcome instanceof LookupOutcome.Unknown unknown) {
            answer(unknown.query(), unknown.subject(), null, false, null, unknown.source());
        } else {
            invalid((LookupOutcome.InvalidInput) outcome);
        }
    }

    /**
     * An answer's fields in the API's order: the hash answer's ({@code query, type, zone, verdict,
     * threatName, firstSeen, lastSeen, popularity, hashes, source}) and the web answer's ({@code
     * query, canonicalUrl|canonicalDomain|address, zone, ..., popularity, matchType,
     * matchedExpression, source}) are one sequence, since neither has the other's own fields.
     * {@code verdict} null is a miss: GREY and UNKNOWN.
     */
    private void answer(
            String query, Subject subject, Verdict verdict, boolean popularity, Match match, Source source) {
        raw((byte) '{');
        name(true, "query");
        string(query);
        subject(subject);
        if (verdict == null) {
            ascii(",\"zone\":\"GREY\",\"verdict\":\"UNKNOWN\"");
        } else {
            name(false, "zone");
            enumName(verdict.zone().name());
            name(false, "verdict");
            enumName(verdict.category().name());
            if (verdict.threatName() != null) {
                name(false, "threatName");
                string(verdict.threatName());
            }
            date("firstSeen", verdict.firstSeen());
            date("lastSeen", verdict.lastSeen());
            if (popularity) {
                name(false, "popularity");
                number(verdict.popularity());
            }
        }
        if (subject instanceof Subject.Digest digest && digest.digests() != null) {
            hashes(digest.digests());
        }
        if (match != null) {
            name(false, "matchType");
            enumName(match.type().label());
            name(false, "matchedExpression");
            string(match.expression());
        }
        source(source);
        raw((byte) '}');
    }

    private void subject(Subject subject) {
        if (subject instanceof Subject.Digest digest) {
            name(false, "type");
            enumName(digest.type().label());
        } else if (subject instanceof Subject.Url url) {
            name(false, "canonicalUrl");
            string(url.canonicalUrl());
        } else if (subject instanceof Subject.Domain domain) {
            name(false, "canonicalDomain");
            string(domain.canonicalDomain());
        } else {
            name(false, "address");
            string(((Subject.Address) subject).address());
        }
    }

    /** Every digest known for the file, so a lookup by MD5 also tells its SHA-256. */
    private void hashes(FileHashes hashes) {
        name(false, "hashes");
        raw((byte) '{');
        boolean first = hex(true, "md5", hashes.md5());
        first = hex(first, "sha1", hashes.sha1());
        hex(first, "sha256", hashes.sha256());
        raw((byte) '}');
    }

    /** Vendor: type, dataset, sequence. Local (ADR 0009): type, localVerdictId, createdBy. */
    private void source(Source source) {
        name(false, "source");
        if (source instanceof Source.Vendor vendor) {
            ascii("{\"type\":\"vendor\",\"dataset\":");
            string(vendor.dataset());
            ascii(",\"sequence\":");
            number(vendor.sequence());
        } else {
            Source.Local local = (Source.Local) source;
            ascii("{\"type\":\"local\",\"localVerdictId\":");
            number(local.localVerdictId());
            ascii(",\"createdBy\":");
            string(local.createdBy());
        }
        raw((byte) '}');
    }

    /** A bulk item that could not be looked up: its query (if any) and why. */
    private void invalid(LookupOutcome.InvalidInput invalid) {
        raw((byte) '{');
        boolean first = true;
        if (invalid.query() != null) {
            first = name(true, "query");
            string(invalid.query());
        }
        name(first, "error");
        ascii("{\"type\":");
        string(invalid.problemType());
        ascii(",\"detail\":");
        string(invalid.detail());
        ascii("}}");
    }

    private boolean hex(boolean first, String name, Hash hash) {
        if (hash == null) {
            return first;
        }
        name(first, name);
        byte[] bytes = hash.bytes();
        ensure(2 + bytes.length * 2);
        buf[len++] = '"';
        for (byte b : bytes) {
            buf[len++] = HEX[(b >> 4) & 0xF];
            buf[len++] = HEX[b & 0xF];
        }
        buf[len++] = '"';
        return false;
    }

    /** An enum constant's name or a label: plain ASCII letters, never escaped. */
    private void enumName(String value) {
        raw((byte) '"');
        ascii(value);
        raw((byte) '"');
    }

    /** {@code yyyy-MM-dd}, as Jackson's JavaTimeModule writes a {@link LocalDate}. */
    private void date(String name, LocalDate value) {
        if (value == null) {
            return;
        }
        name(false, name);
        raw((byte) '"');
        int year = value.getYear();
        if (year >= 0 && year <= 9999) {
            digits(year, 4);
            raw((byte) '-');
            digits(value.getMonthValue(), 2);
            raw((byte) '-');
            digits(value.getDayOfMonth(), 2);
        } else {
            ascii(value.toString());
        }
        raw((byte) '"');
    }

    private void digits(int value, int width) {
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            buf[len + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        len += width;
    }

    private boolean name(boolean first, String name) {
        ensure(name.length() + 4);
        if (!first) {
            buf[len++] = ',';
        }
        buf[len++] = '"';
        for (int i = 0; i < name.length(); i++) {
            buf[len++] = (byte) name.charAt(i);
        }
        buf[len++] = '"';
        buf[len++] = ':';
        return false;
    }

    private void number(long value) {
        if (value >= 0 && value < 10) {
            raw((byte) ('0' + value));
        } else {
            ascii(Long.toString(value));
        }
    }

    /** A JSON string: quotes, backslashes and control characters escaped as {@link #escaping} says. */
    private void string(String value) {
        raw((byte) '"');
        int n = value.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                if (len == buf.length) {
                    ensure(n - i);
                }
                buf[len++] = (byte) c;
            } else if (c < 0x80) {
                escape(c);
            } else if (escaping == Escaping.WEB_ANSWERS) {
                nonAsciiAsJackson(c);
            } else {
                int end = i + 1;
                while (end < n && value.charAt(end) >= 0x80) {
                    end++;
                }
                bytes(value.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        raw((byte) '"');
    }

    private void escape(char c) {
        switch (c) {
            case '"' -> ascii("\\\"");
            case '\\' -> ascii("\\\\");
            case '\n' -> ascii("\\n");
            case '\r' -> ascii("\\r");
            case '\t' -> ascii("\\t");
            default -> {
                if (escaping == Escaping.HASH_ANSWERS) {
                    ascii("\\u00");
                    raw(HEX[c >> 4]);
                    raw(HEX[c & 0xF]);
                } else if (c == '\b') {
                    ascii("\\b");
                } else if (c == '\f') {
                    ascii("\\f");
                } else if (c == 0x7F) {
                    raw((byte) c);
                } else {
                    unicodeEscape(c);
                }
            }
        }
    }

    /** Jackson's UTF-8 generator: a surrogate, paired or not, is escaped on its own; the rest is UTF-8. */
    private void nonAsciiAsJackson(char c) {
        ensure(6);
        if (Character.isSurrogate(c)) {
            unicodeEscape(c);
        } else if (c < 0x800) {
            buf[len++] = (byte) (0xC0 | (c >> 6));
            buf[len++] = (byte) (0x80 | (c & 0x3F));
        } else {
            buf[len++] = (byte) (0xE0 | (c >> 12));
            buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buf[len++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    private void unicodeEscape(char c) {
        ensure(6);
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX_UPPER[c >> 12];
        buf[len++] = HEX_UPPER[(c >> 8) & 0xF];
        buf[len++] = HEX_UPPER[(c >> 4) & 0xF];
        buf[len++] = HEX_UPPER[c & 0xF];
    }

    private void ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) text.charAt(i);
        }
    }

    private void bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void raw(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    private byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }
}
