package dev.outpost.opentip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.outpost.lookup.LookupOutcome;
import dev.outpost.lookup.Match;
import dev.outpost.lookup.Source;
import dev.outpost.lookup.Subject;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.Verdict;
import dev.outpost.web.CanonicalUrl;

/**
 * Writes Kaspersky OpenTIP's answers (interop.md 2; docs/opentip.md): {@code Zone} and the {@code
 * *GeneralInfo} object of the kind asked for, with OpenTIP's PascalCase names and only the fields
 * Outpost knows; then where the verdict came from under {@code outpost:} keys, which no OpenTIP
 * field uses.
 */
final class OpentipJson {
    private static final JsonFactory JSON = new JsonFactory();

    private OpentipJson() {}

    /** A verdict found: a vendor's or a local one. A miss is no answer here; it is a 404. */
    static boolean isVerdict(LookupOutcome outcome) {
        return outcome instanceof LookupOutcome.Known || outcome instanceof LookupOutcome.LocalOverride;
    }

    /** {@code Zone}, {@code FileGeneralInfo} and, with a threat name, {@code DetectionsInfo}. */
    static byte[] file(LookupOutcome outcome) {
        Found found = Found.of(outcome);
        Verdict verdict = found.verdict;
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("Zone", OpentipNames.zone(verdict.zone()));
            json.writeObjectFieldStart("FileGeneralInfo");
            json.writeStringField("FileStatus", OpentipNames.fileStatus(verdict.category()));
            FileHashes digests = ((Subject.Digest) found.subject).digests();
            HashType asked = ((Subject.Digest) found.subject).type();
            digest(json, "Sha1", digests, HashType.SHA1, asked, found.query);
            digest(json, "Md5", digests, HashType.MD5, asked, found.query);
            digest(json, "Sha256", digests, HashType.SHA256, asked, found.query);
            dateTime(json, "FirstSeen", verdict.firstSeen());
            dateTime(json, "LastSeen", verdict.lastSeen());
            hitsCount(json, found);
            json.writeEndObject();
            if (verdict.threatName() != null) {
                json.writeArrayFieldStart("DetectionsInfo");
                json.writeStartObject();
                json.writeStringField("Zone", OpentipNames.zone(verdict.zone()));
                json.writeStringField("DetectionName", verdict.threatName());
                json.writeEndObject();
                json.writeEndArray();
            }
            source(json, found.source);
            json.writeEndObject();
        });
    }

    /** {@code Zone} and {@code IpGeneralInfo}. */
    static byte[] ip(LookupOutcome outcome) {
        Found found = Found.of(outcome);
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("Zone", OpentipNames.zone(found.verdict.zone()));
            json.writeObjectFieldStart("IpGeneralInfo");
            json.writeStringField("Status", "known");
            json.writeStringField("Ip", ((Subject.Address) found.subject).address());
            hitsCount(json, found);
            dateTime(json, "FirstSeen", found.verdict.firstSeen());
            categories(json, found.verdict);
            json.writeEndObject();
            web(json, found);
            json.writeEndObject();
        });
    }

    /** {@code Zone} and {@code DomainGeneralInfo}. */
    static byte[] domain(LookupOutcome outcome) {
        Found found = Found.of(outcome);
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("Zone", OpentipNames.zone(found.verdict.zone()));
            json.writeObjectFieldStart("DomainGeneralInfo");
            json.writeStringField("Domain", ((Subject.Domain) found.subject).canonicalDomain());
            hitsCount(json, found);
            categories(json, found.verdict);
            json.writeEndObject();
            web(json, found);
            json.writeEndObject();
        });
    }

    /**
     * {@code Zone} and {@code UrlGeneralInfo}. {@code Url} is written as OpenTIP writes it, without
     * the scheme ({@code gsocket.io/x}): the canonical URL's host, path and query.
     */
    static byte[] url(LookupOutcome outcome) {
        Found found = Found.of(outcome);
        CanonicalUrl url = CanonicalUrl.parse(((Subject.Url) found.subject).canonicalUrl());
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("Zone", OpentipNames.zone(found.verdict.zone()));
            json.writeObjectFieldStart("UrlGeneralInfo");
            json.writeStringField("Url", url.expression());
            json.writeStringField("Host", url.host());
            categories(json, found.verdict);
            json.writeEndObject();
            web(json, found);
            json.writeEndObject();
        });
    }

    /** The parts of a found verdict that every answer writes. */
    private record Found(
            String query, Subject subject, Verdict verdict, boolean popularity, Match match, Source source) {
        /** Release 17 has no pattern switch: the two cases in turn, the second cast. */
        static Found of(LookupOutcome outcome) {
            if (outcome instanceof LookupOutcome.Known known) {
                return new Found(known.query(), known.subject(), known.verdict(), true, known.match(), known.source());
            }
            LookupOutcome.LocalOverride local = (LookupOutcome.LocalOverride) outcome;
            // An operator's verdict carries no popularity (ADR 0009).
            return new Found(local.query(), local.subject(), local.verdict(), false, local.match(), local.source());
        }
    }

    /**
     * A digest the file record names, upper-case as OpenTIP writes them; for a local verdict on a
     * file the vendor does not know, the one digest that was asked for.
     */
    private static void digest(
            JsonGenerator json, String name, FileHashes digests, HashType type, HashType asked, String query)
            throws IOException {
        Hash hash = digests == null ? null : digests.get(type);
        if (hash != null) {
            json.writeStringField(name, hash.hex().toUpperCase(Locale.ROOT));
        } else if (digests == null && type == asked) {
            json.writeStringField(name, query.toUpperCase(Locale.ROOT));
        }
    }

    private static void hitsCount(JsonGenerator json, Found found) throws IOException {
        Long hits = found.popularity ? OpentipNames.hitsCount(found.verdict.popularity()) : null;
        if (hits != null) {
            json.writeNumberField("HitsCount", hits);
        }
    }

    /** {@code Categories} and {@code CategoriesWithZone}: one category, or none for a clean object. */
    private static void categories(JsonGenerator json, Verdict verdict) throws IOException {
        String category = OpentipNames.category(verdict.category());
        json.writeArrayFieldStart("Categories");
        if (category != null) {
            json.writeString(category);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("CategoriesWithZone");
        if (category != null) {
            json.writeStartObject();
            json.writeStringField("Name", category);
            json.writeStringField("Zone", OpentipNames.zone(verdict.zone()));
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** A web answer's Outpost keys: the threat name and the entry that decided, then the source. */
    private static void web(JsonGenerator json, Found found) throws IOException {
        if (found.verdict.threatName() != null) {
            json.writeStringField("outpost:threat-name", found.verdict.threatName());
        }
        json.writeStringField("outpost:matched-expression", found.match.expression());
        source(json, found.source);
    }

    /** Where the verdict came from, as the native API's {@code source}. */
    private static void source(JsonGenerator json, Source source) throws IOException {
        json.writeObjectFieldStart("outpost:source");
        if (source instanceof Source.Vendor vendor) {
            json.writeStringField("type", "vendor");
            json.writeStringField("dataset", vendor.dataset());
            json.writeNumberField("sequence", vendor.sequence());
        } else {
            Source.Local local = (Source.Local) source;
            json.writeStringField("type", "local");
            json.writeNumberField("localVerdictId", local.localVerdictId());
            json.writeStringField("createdBy", local.createdBy());
        }
        json.writeEndObject();
    }

    /** OpenTIP's date-times are ISO-8601 in UTC; Outpost knows days, so midnight UTC of the day. */
    private static void dateTime(JsonGenerator json, String name, LocalDate day) throws IOException {
        if (day != null) {
            json.writeStringField(name, day + "T00:00:00Z");
        }
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
