package dev.outpost.reputation;

import java.util.Locale;

/** The file digests Outpost knows; a hex string's length tells which one it is. */
public enum HashType {
    MD5(16),
    SHA1(20),
    SHA256(32);

    private final int length;

    HashType(int length) {
        this.length = length;
    }

    /** Digest length in bytes. */
    public int length() {
        return length;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type whose hex form has {@code hexChars} characters, or {@code null}. */
    public static HashType forHexLength(int hexChars) {
        return switch (hexChars) {
            case 32 -> MD5;
            case 40 -> SHA1;
            case 64 -> SHA256;
            default -> null;
        };
    }
}
