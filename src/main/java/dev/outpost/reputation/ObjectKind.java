package dev.outpost.reputation;

import java.util.Locale;

/** The kinds of objects a dataset answers for; record counts are reported per kind. */
public enum ObjectKind {
    FILE("files", true),
    CERTIFICATE("certificates", true),
    /** A URL expression (ADR 0008). */
    URL("urls", false),
    DOMAIN("domains", false),
    IP_RANGE("ipRanges", false);

    private final String plural;
    private final boolean requiredInManifest;

    ObjectKind(String plural, boolean requiredInManifest) {
        this.plural = plural;
        this.requiredInManifest = requiredInManifest;
    }

    /**
     * Whether every manifest must count this kind. Kinds added after the first format are optional
     * (absent = 0), so that bundles made before them stay valid.
     */
    public boolean requiredInManifest() {
        return requiredInManifest;
    }

    /** The name used in manifests and API answers ({@code files}, {@code certificates}). */
    public String plural() {
        return plural;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
