package dev.outpost.export;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.outpost.reputation.Zone;

/**
 * What a Bloom filter export holds (docs/exports.md): which kinds of values, of which zones, at
 * which false-positive rate, hex digests in which case, gzipped or not.
 *
 * @param kinds md5, sha1, sha256 and domain; not ip (a filter answers exact values, not ranges)
 * @param zones RED, YELLOW and GREEN; GREY is what a miss means
 * @param falsePositiveRate between 0 and 1 (exclusive)
 * @param upperCase whether hex digests are inserted in upper case (hashlookup's convention for SHA-1,
 *     interop.md §1.6); domain names are always lower case, as DNS names are canonical
 * @param gzip whether the file is gzipped ({@code bloom --gzip})
 */
public record BloomOptions(
        Set<ExportKind> kinds, Set<Zone> zones, double falsePositiveRate, boolean upperCase, boolean gzip) {
    /** hashlookup's rate for its published filters (interop.md §1.6). */
    public static final double DEFAULT_FALSE_POSITIVE_RATE = 0.0001;
    /**
     * Lowest rate accepted: below it a filter needs more than 70 bits per value, and no use of a
     * pre-filter needs certainty of one in 10^15.
     */
    public static final double MIN_FALSE_POSITIVE_RATE = 1e-15;

    public static final BloomOptions DEFAULTS = new BloomOptions(
            EnumSet.of(ExportKind.SHA1), EnumSet.of(Zone.RED), DEFAULT_FALSE_POSITIVE_RATE, true, false);

    public BloomOptions {
        if (kinds == null || kinds.isEmpty() || kinds.contains(ExportKind.IP)) {
            throw ExportOptions.invalid("kinds must name one or more of md5, sha1, sha256 and domain", null);
        }
        if (zones == null || zones.isEmpty() || zones.contains(Zone.GREY)) {
            throw ExportOptions.invalid("zones must name one or more of red, yellow and green", null);
        }
        if (!(falsePositiveRate >= MIN_FALSE_POSITIVE_RATE && falsePositiveRate < 1)) {
            throw ExportOptions.invalid(
                    "the false-positive rate must be at least " + MIN_FALSE_POSITIVE_RATE + " and below 1",
                    String.valueOf(falsePositiveRate));
        }
        kinds = Collections.unmodifiableSet(EnumSet.copyOf(kinds));
        zones = Collections.unmodifiableSet(EnumSet.copyOf(zones));
    }

    /**
     * Options from their text (query parameters, command-line values); null or blank means the
     * default. Lists are comma-separated, in any case.
     */
    public static BloomOptions parse(
            String kinds, String zones, String falsePositiveRate, String letterCase, String gzip) {
        return new BloomOptions(
                blank(kinds) ? DEFAULTS.kinds() : parseKinds(kinds),
                blank(zones) ? DEFAULTS.zones() : parseZones(zones),
                blank(falsePositiveRate) ? DEFAULT_FALSE_POSITIVE_RATE : parseRate(falsePositiveRate),
                blank(letterCase) || parseCase(letterCase),
                ExportOptions.flag("gzip", gzip));
    }

    private static Set<ExportKind> parseKinds(String text) {
        Set<ExportKind> kinds = EnumSet.noneOf(ExportKind.class);
        for (String item : text.split(",", -1)) {
            String id = item.strip().toLowerCase(Locale.ROOT);
            ExportKind kind =
                    switch (id) {
                        case "md5" -> ExportKind.MD5;
                        case "sha1" -> ExportKind.SHA1;
                        case "sha256" -> ExportKind.SHA256;
                        case "domain" -> ExportKind.DOMAIN;
                        default ->
                            throw ExportOptions.invalid(
                                    "unknown kind '" + item.strip() + "'; kinds are md5, sha1, sha256 and domain",
                                    text);
                    };
            kinds.add(kind);
        }
        return kinds;
    }

    private static Set<Zone> parseZones(String text) {
        Set<Zone> zones = EnumSet.noneOf(Zone.class);
        for (String item : text.split(",", -1)) {
            String id = item.strip().toUpperCase(Locale.ROOT);
            if (!id.equals("RED") && !id.equals("YELLOW") && !id.equals("GREEN")) {
                throw ExportOptions.invalid(
                        "unknown zone '" + item.strip() + "'; zones are red, yellow and green", text);
            }
            zones.add(Zone.valueOf(id));
        }
        return zones;
    }

    private static double parseRate(String text) {
        String trimmed = text.strip();
        // Digits, a point and an exponent only: Double.parseDouble would also take "NaN", "0x1p-3" or "1d".
        if (trimmed.length() > 32 || !trimmed.matches("[0-9]*\\.?[0-9]+([eE][-+]?[0-9]{1,3})?")) {
            throw ExportOptions.invalid("the false-positive rate must be a number such as 0.0001 or 1e-6", text);
        }
        return Double.parseDouble(trimmed);
    }

    private static boolean parseCase(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "upper" -> true;
            case "lower" -> false;
            default -> throw ExportOptions.invalid("case must be upper or lower", text);
        };
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** {@code sha1}, {@code md5,sha256}: the kinds as options spell them, in a fixed order. */
    public String kindsText() {
        return kinds.stream().map(ExportKind::id).collect(Collectors.joining(","));
    }

    /** {@code red}, {@code red,yellow}. */
    public String zonesText() {
        return zones.stream().map(zone -> zone.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
    }
}
