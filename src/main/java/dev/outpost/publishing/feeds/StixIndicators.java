package dev.outpost.publishing.feeds;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import dev.outpost.publishing.KeyedRecords;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;

/**
 * How a STIX indicator becomes records (offline-bundles/FEEDS.md §stix2). Each alternative of its
 * pattern ({@link StixPattern}) that names one object Outpost holds is a record: {@code file:hashes}
 * (MD5, SHA-1, SHA-256; several in one observation are one file), {@code url:value}, {@code
 * domain-name:value}, {@code ipv4-addr:value} and {@code ipv6-addr:value} (an address or CIDR range,
 * with {@code =} or {@code ISSUBSET}), {@code x509-certificate:hashes.'SHA-256'}.
 *
 * <p>Revoked indicators, patterns in another language ({@code pattern_type} other than {@code
 * stix}) and indicators whose {@code valid_until} is before the bundle's creation day are not read.
 */
final class StixIndicators {
    /** Confidence (0–100) from which a malicious indicator stays RED; below it, SUSPICIOUS. */
    static final int MIN_MALWARE_CONFIDENCE = ThreatFoxIoc.MIN_MALWARE_CONFIDENCE;

    private StixIndicators() {}

    static void map(JsonEntry indicator, Instant asOf, Consumer<ReputationRecord> out) {
        if (FeedValues.bool(indicator.text("revoked"), "revoked")) {
            return;
        }
        String patternType = indicator.text("pattern_type");
        if (patternType != null && !patternType.equalsIgnoreCase("stix")) {
            return;
        }
        LocalDate validUntil = FeedValues.date(indicator.text("valid_until"), "valid_until");
        if (validUntil != null
                && validUntil.isBefore(asOf.atOffset(ZoneOffset.UTC).toLocalDate())) {
            return;
        }
        String pattern = indicator.text("pattern");
        if (pattern == null) {
            throw new InvalidInputException("invalid-indicator", "an indicator needs a pattern", null);
        }
        StixPattern.Parsed parsed = StixPattern.parse(pattern);
        Verdict verdict = FeedValues.verdict(
                category(indicator),
                indicator.text("name"),
                FeedValues.date(indicator.text("valid_from"), "valid_from"),
                null);
        for (List<StixPattern.Comparison> alternative : parsed.alternatives()) {
            ReputationRecord record = record(alternative, verdict);
            if (record != null) {
                out.accept(record);
            }
        }
    }

    /**
     * From {@code indicator_types} (and {@code labels}, where STIX 2.0 put them): {@code
     * malicious-activity} or {@code attribution} is MALWARE, {@code anomalous-activity}, {@code
     * anonymization}, {@code compromised} or {@code unknown} SUSPICIOUS, {@code benign} alone CLEAN,
     * none of these MALWARE (an indicator is published to be detected); the most severe wins. A
     * type or label that mentions phishing makes it PHISHING; a confidence below {@link
     * #MIN_MALWARE_CONFIDENCE} makes a RED verdict SUSPICIOUS.
     */
    static Category category(JsonEntry indicator) {
        List<String> types = new ArrayList<>();
        indicator.list("indicator_types").forEach(t -> types.add(t.toLowerCase(Locale.ROOT)));
        indicator.list("labels").forEach(t -> types.add(t.toLowerCase(Locale.ROOT)));
        Category category;
        if (types.contains("malicious-activity") || types.contains("attribution")) {
            category = Category.MALWARE;
        } else if (types.contains("anomalous-activity")
                || types.contains("anonymization")
                || types.contains("compromised")
                || types.contains("unknown")) {
            category = Category.SUSPICIOUS;
        } else if (types.contains("benign")) {
            category = Category.CLEAN;
        } else {
            category = Category.MALWARE;
        }
        if (category == Category.MALWARE && types.stream().anyMatch(t -> t.contains("phishing"))) {
            category = Category.PHISHING;
        }
        Integer confidence = FeedValues.integer(indicator.text("confidence"), "confidence");
        if (confidence != null
                && confidence < MIN_MALWARE_CONFIDENCE
                && category.zone() == dev.outpost.reputation.Zone.RED) {
            category = Category.SUSPICIOUS;
        }
        return category;
    }

    /** The record of one alternative, or null if it is not an object Outpost holds. */
    private static ReputationRecord record(List<StixPattern.Comparison> alternative, Verdict verdict) {
        if (alternative.isEmpty() || alternative.stream().anyMatch(c -> c.value() == null)) {
            return null;
        }
        StixPattern.Comparison first = alternative.get(0);
        if (alternative.size() == 1) {
            switch (first.objectType()) {
                case "url":
                    return isValueEquals(first) ? KeyedRecords.url(first.value(), verdict) : null;
                case "domain-name":
                    return isValueEquals(first) ? KeyedRecords.domain(first.value(), verdict) : null;
                case "ipv4-addr", "ipv6-addr":
                    return first.property().equals("value")
                                    && (first.operator().equals("=")
                                            || first.operator().equals("ISSUBSET"))
                            ? Addresses.range(first.value(), verdict)
                            : null;
                case "x509-certificate":
                    return first.operator().equals("=") && hashType(first.property()) == HashType.SHA256
                            ? new ReputationRecord.Certificate(Hash.parse(first.value(), HashType.SHA256), verdict)
                            : null;
                default:
                    break;
            }
        }
        return file(alternative, verdict);
    }

    /**
     * One file from the comparisons of one observation, all on {@code file}: its digests compared
     * with {@code =} (one value per type) are the record; its other properties (a name, a size) do
     * not narrow a digest and are dropped.
     */
    private static ReputationRecord file(List<StixPattern.Comparison> alternative, Verdict verdict) {
        Map<HashType, Hash> hashes = new EnumMap<>(HashType.class);
        for (StixPattern.Comparison comparison : alternative) {
            if (!comparison.objectType().equals("file")) {
                return null;
            }
            if (!comparison.property().startsWith("hashes.")) {
                continue;
            }
            HashType type = hashType(comparison.property());
            if (type == null || !comparison.operator().equals("=")) {
                return null;
            }
            Hash hash = Hash.parse(comparison.value(), type);
            if (hashes.containsKey(type) && !hashes.get(type).equals(hash)) {
                return null;
            }
            hashes.put(type, hash);
        }
        if (hashes.isEmpty()) {
            return null;
        }
        return new ReputationRecord.File(
                new FileHashes(hashes.get(HashType.MD5), hashes.get(HashType.SHA1), hashes.get(HashType.SHA256)),
                verdict);
    }

    private static boolean isValueEquals(StixPattern.Comparison comparison) {
        return comparison.property().equals("value") && comparison.operator().equals("=");
    }

    /** {@code hashes.MD5}, {@code hashes.'SHA-1'}, {@code hashes.'SHA-256'} (quotes, case and hyphen aside). */
    private static HashType hashType(String property) {
        if (!property.startsWith("hashes.")) {
            return null;
        }
        String name = property.substring("hashes.".length())
                .replace("'", "")
                .replace("-", "")
                .toUpperCase(Locale.ROOT);
        return switch (name) {
            case "MD5" -> HashType.MD5;
            case "SHA1" -> HashType.SHA1;
            case "SHA256" -> HashType.SHA256;
            default -> null;
        };
    }
}
