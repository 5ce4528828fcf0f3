package dev.outpost.bundle.importing;

import dev.outpost.reputation.InvalidInputException;

/**
 * An operator's explicit decision to import a bundle that has expired (ADR 0006, freshness). It is
 * never implied: it names who decided and why, and both are written to the import history.
 *
 * @param reason why the expired data is better than none, in the operator's words
 * @param operator who decided: the operating-system user that ran the import
 */
public record ExpiryOverride(String reason, String operator) {
    public static final int MAX_REASON_CHARS = 500;

    public ExpiryOverride {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException(
                    "invalid-override", "importing an expired bundle needs a reason for the audit trail", null);
        }
        reason = reason.strip();
        if (reason.length() > MAX_REASON_CHARS || reason.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(
                    "invalid-override",
                    "the override reason must be one line of at most " + MAX_REASON_CHARS + " characters",
                    null);
        }
        operator = operator == null || operator.isBlank() ? "unknown" : operator.strip();
    }
}
