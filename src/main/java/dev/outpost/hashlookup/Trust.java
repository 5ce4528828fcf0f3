package dev.outpost.hashlookup;

import dev.outpost.reputation.Category;

/**
 * {@code hashlookup:trust} from an Outpost verdict (docs/hashlookup.md). CIRCL scores 0 to 100 with
 * 50 for "known, nothing more", more for a file seen in many packages, and 20 less for a file a
 * malware source lists (hashlookup-server {@code calculate_trust}). Outpost has a verdict instead of
 * those counts, so it uses the ends of the same scale: a trusted file is as trusted as CIRCL's best,
 * a clean one a little less, a malicious one not at all, and adware, riskware or a suspicious file
 * below CIRCL's neutral 50 but above malicious.
 */
public final class Trust {
    static final int TRUSTED = 100;
    static final int CLEAN = 90;
    static final int YELLOW = 25;
    static final int RED = 0;

    private Trust() {}

    /** The score for a verdict's category; the DNS front end's hashlookup zone gives the same. */
    public static int of(Category category) {
        return switch (category.zone()) {
            case GREEN -> category == Category.TRUSTED ? TRUSTED : CLEAN;
            case YELLOW -> YELLOW;
            case RED -> RED;
            // A verdict always has a category other than UNKNOWN (Verdict's constructor), so never GREY.
            case GREY -> throw new IllegalArgumentException("no trust for " + category);
        };
    }
}
