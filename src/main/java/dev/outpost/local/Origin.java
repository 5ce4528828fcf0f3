package dev.outpost.local;

import java.util.Locale;

/**
 * Who decided a local verdict: a person through the operator API, the CLI or an import, or a machine
 * (a sandbox, an EDR system) through the submissions endpoint. Machines never override people.
 */
public enum Origin {
    OPERATOR,
    SUBMITTER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Unknown values (a row written by hand or by a newer version) count as a person's: the safe side. */
    static Origin of(String id) {
        return SUBMITTER.id().equals(id) ? SUBMITTER : OPERATOR;
    }
}
