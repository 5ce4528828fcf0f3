package dev.outpost.stats;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.outpost.lookup.LookupMetrics.Kind;
import dev.outpost.lookup.LookupMetrics.Rejection;
import dev.outpost.lookup.LookupOutcome;
import dev.outpost.reputation.Zone;

/**
 * The closed set of things the statistics count: what was looked up (kind), the answer's zone and
 * where it came from (source), or why a lookup was refused. Each is a cell with a fixed index, so
 * that counting is an array access, and with the names the database rows and the API use.
 *
 * <p>Per kind: the answered cells {@code zone x source} for the sources {@code vendor}, {@code local}
 * and {@code none} (nothing known: always {@code grey}, as the Micrometer series label it), then the
 * two refusals, stored with the zone {@code none} and the source {@code invalid-input} or {@code
 * no-dataset}.
 */
final class Cells {
    static final String[] ZONES = {"red", "yellow", "green", "grey"};
    static final String NO_ZONE = "none";
    static final String[] SOURCES = {"vendor", "local", "none"};
    static final String[] REFUSALS = {"invalid-input", "no-dataset"};

    private static final int VENDOR = 0;
    private static final int LOCAL = 1;
    private static final int NONE = 2;
    private static final int ANSWERED = ZONES.length * SOURCES.length;
    private static final int PER_KIND = ANSWERED + REFUSALS.length;
    static final int COUNT = Kind.values().length * PER_KIND;

    private static final Kind[] KINDS = Kind.values();
    private static final Zone[] ZONE_VALUES = Zone.values();

    static {
        // The names above follow the enums' order; a new zone or rejection must be named here too.
        for (Zone zone : ZONE_VALUES) {
            if (!ZONES[zone.ordinal()].equals(zone.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException("zone names out of step with " + Zone.class);
            }
        }
        for (Rejection rejection : Rejection.values()) {
            if (!REFUSALS[rejection.ordinal()].equals(rejection.label().replace('_', '-'))) {
                throw new IllegalStateException("refusal names out of step with " + Rejection.class);
            }
        }
    }

    /** Each cell by its row's names, {@code kind/zone/source}. */
    private static final Map<String, Integer> BY_NAME = new HashMap<>();

    static {
        for (int cell = 0; cell < COUNT; cell++) {
            BY_NAME.put(kind(cell) + '/' + zone(cell) + '/' + source(cell), cell);
        }
    }

    private Cells() {}

    /** The cell a stored row counts, or -1 for names this version does not know. */
    static int named(String kind, String zone, String source) {
        Integer cell = BY_NAME.get(kind + '/' + zone + '/' + source);
        return cell == null ? -1 : cell;
    }

    /** The cell of an answered lookup; -1 for a bulk item that could not be looked up. */
    static int of(Kind kind, LookupOutcome outcome) {
        // Java 17: no pattern switch over the sealed outcome yet.
        if (outcome instanceof LookupOutcome.Known known) {
            return answered(kind, known.verdict().zone(), VENDOR);
        }
        if (outcome instanceof LookupOutcome.LocalOverride local) {
            return answered(kind, local.verdict().zone(), LOCAL);
        }
        if (outcome instanceof LookupOutcome.Unknown) {
            return answered(kind, Zone.GREY, NONE);
        }
        return -1;
    }

    static int refused(Kind kind, Rejection rejection) {
        return kind.ordinal() * PER_KIND + ANSWERED + rejection.ordinal();
    }

    private static int answered(Kind kind, Zone zone, int source) {
        return kind.ordinal() * PER_KIND + zone.ordinal() * SOURCES.length + source;
    }

    static String kind(int cell) {
        return KINDS[cell / PER_KIND].label();
    }

    static String zone(int cell) {
        int slot = cell % PER_KIND;
        return slot < ANSWERED ? ZONES[slot / SOURCES.length] : NO_ZONE;
    }

    static String source(int cell) {
        int slot = cell % PER_KIND;
        return slot < ANSWERED ? SOURCES[slot % SOURCES.length] : REFUSALS[slot - ANSWERED];
    }

    /** Whether {@code source} names a refusal rather than an answer. */
    static boolean isRefusal(String source) {
        for (String refusal : REFUSALS) {
            if (refusal.equals(source)) {
                return true;
            }
        }
        return false;
    }
}
