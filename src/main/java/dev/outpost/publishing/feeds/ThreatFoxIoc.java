package dev.outpost.publishing.feeds;

import java.time.LocalDate;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import dev.outpost.publishing.KeyedRecords;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;

/**
 * One ThreatFox IOC, from the CSV or the JSON export (interop.md §4.3), and its mapping
 * (offline-bundles/FEEDS.md §threatfox): {@code ioc_type} picks the record kind ({@code ip:port}
 * becomes the address alone); every threat type ThreatFox lists is malware, so MALWARE, unless the
 * IOC is a compromised legitimate host ({@code is_compromised}) or ThreatFox's confidence is below
 * {@link #MIN_MALWARE_CONFIDENCE}: then SUSPICIOUS (YELLOW), a warning rather than a block.
 */
record ThreatFoxIoc(
        String value,
        String type,
        String malware,
        String malwarePrintable,
        LocalDate firstSeen,
        LocalDate lastSeen,
        Integer confidence,
        boolean compromised) {
    /** Confidence (0–100) from which an IOC is MALWARE; below it, SUSPICIOUS. */
    static final int MIN_MALWARE_CONFIDENCE = 50;

    /** Reads the fields by their CSV column names; {@code malware} is {@code fk_malware} in the CSV. */
    static ThreatFoxIoc of(UnaryOperator<String> field, String malwareField) {
        String value = field.apply("ioc_value");
        String type = field.apply("ioc_type");
        if (value == null || type == null) {
            throw new InvalidInputException("invalid-ioc", "ioc_value and ioc_type are required", value);
        }
        Integer confidence = FeedValues.integer(field.apply("confidence_level"), "confidence_level");
        if (confidence != null && (confidence < 0 || confidence > 100)) {
            throw new InvalidInputException(
                    "invalid-ioc", "confidence_level must be 0 to 100: " + confidence, String.valueOf(confidence));
        }
        return new ThreatFoxIoc(
                value,
                type.toLowerCase(Locale.ROOT),
                field.apply(malwareField),
                field.apply("malware_printable"),
                FeedValues.date(field.apply("first_seen_utc"), "first_seen_utc"),
                FeedValues.date(field.apply("last_seen_utc"), "last_seen_utc"),
                confidence,
                FeedValues.bool(field.apply("is_compromised"), "is_compromised"));
    }

    /** Its record, or none for an IOC type Outpost does not hold. */
    void map(Consumer<ReputationRecord> out) {
        Category category = compromised || (confidence != null && confidence < MIN_MALWARE_CONFIDENCE)
                ? Category.SUSPICIOUS
                : Category.MALWARE;
        Verdict verdict = FeedValues.verdict(
                category, malwarePrintable != null ? malwarePrintable : malware, firstSeen, lastSeen);
        switch (type) {
            case "ip:port" -> out.accept(KeyedRecords.ipRange(Addresses.withoutPort(value), verdict));
            case "domain" -> out.accept(KeyedRecords.domain(value, verdict));
            case "url" -> out.accept(KeyedRecords.url(value, verdict));
            case "md5_hash" -> out.accept(file(HashType.MD5, verdict));
            case "sha1_hash" -> out.accept(file(HashType.SHA1, verdict));
            case "sha256_hash" -> out.accept(file(HashType.SHA256, verdict));
            default -> {
                // Not a kind Outpost holds (counted as not mapped).
            }
        }
    }

    private ReputationRecord file(HashType hashType, Verdict verdict) {
        Hash hash = Hash.parse(value, hashType);
        return new ReputationRecord.File(
                new FileHashes(
                        hashType == HashType.MD5 ? hash : null,
                        hashType == HashType.SHA1 ? hash : null,
                        hashType == HashType.SHA256 ? hash : null),
                verdict);
    }
}
