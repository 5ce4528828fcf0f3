package dev.outpost.reputation;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A file digest or certificate thumbprint. Cannot be built from bad hex or a wrong length, so code
 * holding a {@code Hash} never re-validates it.
 */
public record Hash(HashType type, byte[] bytes) {
    private static final HexFormat HEX = HexFormat.of();

    public Hash {
        if (type == null || bytes == null || bytes.length != type.length()) {
            throw new InvalidInputException(
                    "invalid-hash",
                    "digest length does not match its type",
                    bytes == null ? null : HEX.formatHex(bytes));
        }
        bytes = bytes.clone();
    }

    /**
     * Parses a hex digest, detecting its type from the length (32, 40 or 64 hex characters,
     * case-insensitive). Surrounding whitespace is not accepted: clients should send exact values.
     */
    public static Hash parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidInputException("invalid-hash", "hash is empty", text);
        }
        HashType type = HashType.forHexLength(text.length());
        if (type == null) {
            throw new InvalidInputException(
                    "invalid-hash",
                    "hash has " + text.length()
                            + " characters; expected 32 (MD5), 40 (SHA-1) or 64 (SHA-256) hex digits",
                    text);
        }
        return new Hash(type, decodeHex(text));
    }

    /** Parses a hex digest that must be of the given type. */
    public static Hash parse(String text, HashType expected) {
        Hash hash = parse(text);
        if (hash.type != expected) {
            throw new InvalidInputException(
                    "invalid-hash",
                    "expected a " + expected.label() + " (" + expected.length() * 2 + " hex digits), got a "
                            + hash.type.label(),
                    text);
        }
        return hash;
    }

    /** Wraps raw bytes read from trusted storage without copying twice. */
    public static Hash ofBytes(HashType type, byte[] bytes) {
        return new Hash(type, bytes);
    }

    private static byte[] decodeHex(String text) {
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = hexValue(text.charAt(2 * i));
            int lo = hexValue(text.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                throw new InvalidInputException(
                        "invalid-hash", "hash contains a character that is not a hex digit", text);
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /**
     * A hex digit's value, or -1. ASCII hex only: {@link Character#digit} would also accept fullwidth
     * and other Unicode digits.
     */
    public static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The internal array, for hot paths that promise not to modify it. */
    byte[] unsafeBytes() {
        return bytes;
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hash that && type == that.type && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return type.label() + ":" + hex();
    }
}
