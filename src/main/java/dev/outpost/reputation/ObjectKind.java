package dev.outpost.reputation;

import java.util.Locale;

/** The kinds of objects a dataset answers for; record counts are reported per kind. */
public enum ObjectKind {
    FILE("files"),
    CERTIFICATE("certificates");

    private final String plural;

    ObjectKind(String plural) {
        this.plural = plural;
    }

    /** The name used in manifests and API answers ({@code files}, {@code certificates}). */
    public String plural() {
        return plural;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
