package dev.outpost.hashlookup;

import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;

/**
 * The digests of CIRCL hashlookup's paths ({@code lookup/md5}, {@code bulk/sha1}, ...), with the
 * record field that holds each and CIRCL's exact messages (hashlookup-server bin/server.py @417dd318,
 * interop.md 1.2).
 */
enum CirclHash {
    MD5(HashType.MD5, "MD5", "MD5 value incorrect, expecting a MD5 value in hex format", "Non existing MD5"),
    SHA1(HashType.SHA1, "SHA-1", "SHA1 value incorrect, expecting a SHA1 value in hex format", "Non existing SHA-1"),
    SHA256(
            HashType.SHA256,
            "SHA-256",
            "SHA-256 value incorrect, expecting a SHA-256 value in hex format",
            "Non existing SHA-256");

    private final HashType type;
    private final String field;
    private final String incorrect;
    private final String nonExisting;

    CirclHash(HashType type, String field, String incorrect, String nonExisting) {
        this.type = type;
        this.field = field;
        this.incorrect = incorrect;
        this.nonExisting = nonExisting;
    }

    /** The record field: {@code MD5}, {@code SHA-1}, {@code SHA-256}. */
    String field() {
        return field;
    }

    /** The 404 message of a miss. */
    String nonExisting() {
        return nonExisting;
    }

    /**
     * Whether {@code text} is exactly a digest of this type: {@code ^[0-9a-fA-F]{n}$}. Stricter than
     * CIRCL's {@code int(s, 16)}, which also lets {@code +}, {@code _}, {@code 0x} and spaces through
     * when the length fits; only garbage is answered differently.
     */
    boolean matches(String text) {
        if (text == null || text.length() != type.length() * 2) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} if it is a digest of this type; else CIRCL's 400, with its message. */
    String require(String text) {
        if (!matches(text)) {
            throw new InvalidInputException("invalid-hash", incorrect, text);
        }
        return text;
    }

    /**
     * CIRCL's 400 for the SHA-1 of {@code parents} and {@code children}: the lookup's message with a
     * full stop, as hashlookup-server writes it there.
     */
    static String requireRelativesSha1(String text) {
        if (!SHA1.matches(text)) {
            throw new InvalidInputException("invalid-hash", SHA1.incorrect + ".", text);
        }
        return text;
    }
}
