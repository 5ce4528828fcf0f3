package dev.outpost.opentip;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.Zone;

/**
 * Outpost's verdicts in Kaspersky OpenTIP's words (interop.md 2; docs/opentip.md has the tables).
 * OpenTIP's own vocabulary is wider (an {@code Orange} zone for web objects, more categories); these
 * are the words for what Outpost can say.
 */
final class OpentipNames {
    private OpentipNames() {}

    /** {@code Red}, {@code Yellow}, {@code Green}, {@code Grey}: OpenTIP capitalises its zones so. */
    static String zone(Zone zone) {
        return switch (zone) {
            case RED -> "Red";
            case YELLOW -> "Yellow";
            case GREEN -> "Green";
            case GREY -> "Grey";
        };
    }

    /**
     * {@code FileGeneralInfo.FileStatus}, among the values OpenTIP documents ({@code Malware},
     * {@code Adware and other}, {@code Clean}, {@code No threats detected}, {@code Not categorized}):
     * each zone's. A phishing file (a page, a document) is malware to OpenTIP, which has no phishing
     * status; Outpost's clean and trusted files are both OpenTIP's green {@code Clean}, since {@code No
     * threats detected} is OpenTIP's word for a file that nobody vouches for.
     */
    static String fileStatus(Category category) {
        return switch (category.zone()) {
            case RED -> "Malware";
            case YELLOW -> "Adware and other";
            case GREEN -> "Clean";
            case GREY -> "Not categorized";
        };
    }

    /**
     * The OpenTIP category of a URL, domain or address verdict, or null for none (a clean or trusted
     * object: OpenTIP's categories name threats). Riskware and suspicious objects are {@code
     * CATEGORY_OTHER}, OpenTIP's yellow category for what fits none of its named ones.
     */
    static String category(Category category) {
        return switch (category) {
            case MALWARE -> "CATEGORY_MALWARE";
            case PHISHING -> "CATEGORY_PHISHING";
            case ADWARE -> "CATEGORY_ADWARE";
            case RISKWARE, SUSPICIOUS -> "CATEGORY_OTHER";
            case CLEAN, TRUSTED, UNKNOWN -> null;
        };
    }

    /**
     * {@code HitsCount}: OpenTIP rounds it to a power of ten; Outpost's popularity, already rounded to
     * two significant figures by the publisher, goes down to the power of ten below it (1,500,000
     * becomes 1,000,000), so that the number means what OpenTIP's clients expect it to. Null for no
     * popularity (0, or a local verdict).
     */
    static Long hitsCount(long popularity) {
        if (popularity < 1) {
            return null;
        }
        long power = 1;
        while (power <= popularity / 10) {
            power *= 10;
        }
        return power;
    }
}
