package dev.outpost.export;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.Zone;

/**
 * One value an export writes, with the verdict a lookup of it answers: the vendor's, or the local
 * verdict that overrides it (ADR 0009).
 *
 * @param kind what the value is
 * @param value lower-case hex for a digest, the canonical name for a domain, CIDR for a range
 * @param category the effective category, after local verdicts
 * @param local whether a local verdict decided, rather than the vendor's record
 * @param localVerdictId that local verdict's id (0 for the vendor's)
 * @param exempt true for a value outside the chosen zones that must still be written as an
 *     exception, because without one a listed rule would cover it: the vendor's listing that a local
 *     verdict replaced, a wider listed range (longest prefix), or a listed parent domain that a
 *     local verdict overrules. An RPZ writes it as {@code rpz-passthru.}; a Bloom filter ignores it.
 */
public record ExportItem(
        ExportKind kind, String value, Category category, boolean local, long localVerdictId, boolean exempt) {
    public ExportItem {
        if (kind == null || value == null || value.isEmpty() || category == null) {
            throw new InvalidInputException(
                    "invalid-export", "an export item needs a kind, a value and a verdict", value);
        }
    }

    public Zone zone() {
        return category.zone();
    }
}
