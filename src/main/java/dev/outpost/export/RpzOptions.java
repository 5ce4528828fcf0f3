package dev.outpost.export;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.Zone;

/**
 * What an RPZ export writes (docs/exports.md): the zone's name, whether YELLOW joins RED, the TTL of
 * every record and the action of listed names and ranges. One set of rules for the CLI and the API.
 *
 * @param zone the policy zone's name, lower case, without the trailing dot
 * @param includeYellow whether YELLOW (adware, riskware, suspicious) is listed beside RED
 * @param ttlSeconds the zone's {@code $TTL}: how long resolvers may cache a rewritten answer
 * @param action what a listed name or range gets
 */
public record RpzOptions(String zone, boolean includeYellow, long ttlSeconds, RpzAction action) {
    public static final String DEFAULT_ZONE = "rpz.outpost.internal";
    public static final long DEFAULT_TTL_SECONDS = 300;
    /** RFC 2181 §8: a TTL is an unsigned number with the top bit clear. */
    public static final long MAX_TTL_SECONDS = Integer.MAX_VALUE;
    /**
     * Longest zone name accepted, so that a name of 100 characters and its wildcard still fit in the
     * 253 characters of a DNS name (RFC 1035 §2.3.4); names that do not fit are counted, not written.
     */
    public static final int MAX_ZONE_CHARS = 150;

    public static final RpzOptions DEFAULTS =
            new RpzOptions(DEFAULT_ZONE, false, DEFAULT_TTL_SECONDS, RpzAction.NXDOMAIN);

    public RpzOptions {
        if (zone == null
                || zone.length() > MAX_ZONE_CHARS
                || !RecordCodec.isListableName(zone.getBytes(StandardCharsets.US_ASCII), 0, zone.length())
                || !zone.equals(zone.toLowerCase(Locale.ROOT))) {
            throw invalid(
                    "zone must be a DNS name of at most " + MAX_ZONE_CHARS
                            + " characters: lower-case labels of a-z, 0-9, '-' and '_', e.g. " + DEFAULT_ZONE,
                    zone);
        }
        if (ttlSeconds < 0 || ttlSeconds > MAX_TTL_SECONDS) {
            throw invalid("ttl must be 0 to " + MAX_TTL_SECONDS + " seconds", String.valueOf(ttlSeconds));
        }
        if (action == null || action == RpzAction.PASSTHRU) {
            throw invalid("action must be nxdomain, nodata or drop", action == null ? null : action.id());
        }
    }

    /**
     * Options from their text (query parameters, command-line values); null or blank means the
     * default. A trailing dot on the zone is accepted and upper case folded, as DNS names compare.
     */
    public static RpzOptions parse(String zone, String includeYellow, String ttl, String action) {
        String name = blank(zone) ? DEFAULT_ZONE : zone.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return new RpzOptions(
                name,
                ExportOptions.flag("includeYellow", includeYellow),
                blank(ttl) ? DEFAULT_TTL_SECONDS : ExportOptions.wholeNumber("ttl", ttl),
                blank(action)
                        ? RpzAction.NXDOMAIN
                        : RpzAction.ofListing(action.strip().toLowerCase(Locale.ROOT)));
    }

    /** RED, and YELLOW if asked for. */
    public Set<Zone> zones() {
        return includeYellow ? EnumSet.of(Zone.RED, Zone.YELLOW) : EnumSet.of(Zone.RED);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static InvalidInputException invalid(String detail, String input) {
        return new InvalidInputException("invalid-export-option", detail, input);
    }
}
