package dev.outpost.hashlookup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.outpost.lookup.LookupOutcome;
import dev.outpost.lookup.Source;
import dev.outpost.lookup.Subject;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.Verdict;
import dev.outpost.reputation.Zone;
import dev.outpost.store.DatasetInfo;

/**
 * Writes CIRCL hashlookup's JSON (interop.md 1.3, docs/hashlookup.md): records whose stored scalars
 * are strings, as CIRCL's Redis hashes make them, with {@code hashlookup:trust} the one number of
 * CIRCL's own; Outpost's verdict beside them under {@code outpost:} keys, which no CIRCL field uses.
 */
final class HashlookupJson {
    /** {@code KnownMalicious} names the source; a local verdict's is the site itself. */
    static final String LOCAL_SOURCE = "local";
    /** The API version this front end follows: hashlookup-server's {@code version}. */
    static final String VERSION = "1.2";

    private static final JsonFactory JSON = new JsonFactory();

    private HashlookupJson() {}

    /** Whether an outcome is a record: something decided about the file (a vendor or a local verdict). */
    static boolean isRecord(LookupOutcome outcome) {
        return outcome instanceof LookupOutcome.Known || outcome instanceof LookupOutcome.LocalOverride;
    }

    /** The record of one file, looked up by a digest of type {@code asked}. */
    static byte[] record(LookupOutcome outcome, CirclHash asked) {
        return write(json -> record(json, outcome, asked));
    }

    /** CIRCL's bulk answer: an array of the records found, in request order; misses and bad items left out. */
    static byte[] records(List<LookupOutcome> outcomes, CirclHash asked) {
        return write(json -> {
            json.writeStartArray();
            for (LookupOutcome outcome : outcomes) {
                if (isRecord(outcome)) {
                    record(json, outcome, asked);
                }
            }
            json.writeEndArray();
        });
    }

    /** A miss: {@code {"message": "Non existing MD5", "query": "<as sent>"}}. */
    static byte[] miss(CirclHash asked, String query) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("message", asked.nonExisting());
            json.writeStringField("query", query);
            json.writeEndObject();
        });
    }

    /** CIRCL's error body, {@code {"message": "..."}}. */
    static byte[] message(String message) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("message", message);
            json.writeEndObject();
        });
    }

    /**
     * {@code GET info}: hashlookup-server's keys filled from the active dataset, then Outpost's. The
     * NSRL counts are null, as CIRCL answers them when its database has none.
     */
    static byte[] info(DatasetInfo info) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("nsrl-version", info.dataset() + ":" + info.sequence());
            json.writeNumberField("stat:hashlookup_total_keys", info.counts().getOrDefault("files", 0L));
            json.writeNullField("stat:nsrl_modern_rds");
            json.writeNullField("stat:nsrl_legacy");
            json.writeNullField("stat:nsrl_ios");
            json.writeNullField("stat:nsrl_android");
            json.writeStringField("hashlookup-version", VERSION);
            json.writeStringField("outpost:dataset", info.dataset());
            json.writeNumberField("outpost:sequence", info.sequence());
            instant(json, "outpost:created", info.created());
            instant(json, "outpost:expires", info.expires());
            json.writeEndObject();
        });
    }

    /** Release 17 has no pattern switch: the two kinds of record in turn, the second cast. */
    private static void record(JsonGenerator json, LookupOutcome outcome, CirclHash asked) throws IOException {
        if (outcome instanceof LookupOutcome.Known known) {
            record(json, known.query(), (Subject.Digest) known.subject(), known.verdict(), true, known.source(), asked);
        } else {
            LookupOutcome.LocalOverride local = (LookupOutcome.LocalOverride) outcome;
            // An operator's verdict carries no popularity (ADR 0009).
            record(
                    json,
                    local.query(),
                    (Subject.Digest) local.subject(),
                    local.verdict(),
                    false,
                    local.source(),
                    asked);
        }
    }

    private static void record(
            JsonGenerator json,
            String query,
            Subject.Digest subject,
            Verdict verdict,
            boolean popularity,
            Source source,
            CirclHash asked)
            throws IOException {
        json.writeStartObject();
        FileHashes digests = subject.digests();
        if (digests == null) {
            // A local verdict on a file the vendor does not know: the one digest there is.
            json.writeStringField(asked.field(), query.toUpperCase(Locale.ROOT));
        } else {
            digest(json, CirclHash.MD5, digests.md5());
            digest(json, CirclHash.SHA1, digests.sha1());
            digest(json, CirclHash.SHA256, digests.sha256());
        }
        if (verdict.zone() == Zone.RED) {
            json.writeStringField(
                    "KnownMalicious", source instanceof Source.Vendor vendor ? vendor.dataset() : LOCAL_SOURCE);
        }
        json.writeStringField("outpost:zone", verdict.zone().name());
        json.writeStringField("outpost:verdict", verdict.category().name());
        if (verdict.threatName() != null) {
            json.writeStringField("outpost:threat-name", verdict.threatName());
        }
        if (verdict.firstSeen() != null) {
            json.writeStringField("outpost:first-seen", verdict.firstSeen().toString());
        }
        if (verdict.lastSeen() != null) {
            json.writeStringField("outpost:last-seen", verdict.lastSeen().toString());
        }
        if (popularity) {
            json.writeNumberField("outpost:popularity", verdict.popularity());
        }
        if (source instanceof Source.Vendor vendor) {
            json.writeStringField("outpost:source", "vendor");
            json.writeStringField("outpost:dataset", vendor.dataset());
            json.writeNumberField("outpost:sequence", vendor.sequence());
        } else {
            Source.Local local = (Source.Local) source;
            json.writeStringField("outpost:source", "local");
            json.writeNumberField("outpost:local-verdict-id", local.localVerdictId());
            json.writeStringField("outpost:created-by", local.createdBy());
        }
        json.writeNumberField("hashlookup:trust", Trust.of(verdict.category()));
        json.writeEndObject();
    }

    private static void digest(JsonGenerator json, CirclHash type, Hash hash) throws IOException {
        if (hash != null) {
            json.writeStringField(type.field(), hash.hex().toUpperCase(Locale.ROOT));
        }
    }

    private static void instant(JsonGenerator json, String name, Instant value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value.toString());
        }
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
