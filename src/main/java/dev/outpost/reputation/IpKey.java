package dev.outpost.reputation;

import java.util.HexFormat;
import java.util.Optional;

/**
 * The key of an {@code ip-range} record (ADR 0008), {@value #LENGTH} bytes: the address family
 * ({@value #IPV4} or {@value #IPV6}), the network's 16 address bytes with no host bits set (IPv4 as
 * the IPv4-mapped {@code ::ffff:a.b.c.d}), then the prefix length in the family's own terms (0..32 or
 * 0..128). Publishers, the bundle checks, the store, local verdicts and lookups all build, read and
 * check these keys here.
 */
public final class IpKey {
    public static final int LENGTH = 18;
    public static final int IPV4 = 4;
    public static final int IPV6 = 6;

    /**
     * Bits of the IPv4-mapped prefix ({@code ::ffff:0:0/96}) in front of an IPv4 address: an IPv4
     * {@code /n} is an IPv6 {@code /(96 + n)} of a mapped address.
     */
    public static final int IPV4_MAPPED_BITS = 96;

    private static final int FAMILY_AT = 0;
    private static final int NETWORK_AT = 1;
    private static final int NETWORK_BYTES = 16;
    private static final int PREFIX_LENGTH_AT = NETWORK_AT + NETWORK_BYTES;

    private IpKey() {}

    /**
     * The key of a network; one that {@link #defect} would refuse cannot be built.
     *
     * @param family {@value #IPV4} or {@value #IPV6}
     * @param network 16 bytes, IPv4 as IPv4-mapped, host bits zero
     * @param prefixLength in the family's own terms
     */
    public static byte[] of(int family, byte[] network, int prefixLength) {
        if (network == null || network.length != NETWORK_BYTES || prefixLength < 0 || prefixLength > 0xFF) {
            throw new InvalidInputException("invalid-ip", "an IP network is 16 bytes and a prefix length", null);
        }
        byte[] key = new byte[LENGTH];
        key[FAMILY_AT] = (byte) family;
        System.arraycopy(network, 0, key, NETWORK_AT, NETWORK_BYTES);
        key[PREFIX_LENGTH_AT] = (byte) prefixLength;
        Optional<String> defect = defect(key);
        if (defect.isPresent()) {
            throw new InvalidInputException(
                    "invalid-ip", defect.get(), HexFormat.of().formatHex(key));
        }
        return key;
    }

    /** {@value #IPV4} or {@value #IPV6}, of a key {@link #defect} accepts. */
    public static int family(byte[] key) {
        return key[FAMILY_AT] & 0xFF;
    }

    /** The prefix length in the family's own terms, of a key {@link #defect} accepts. */
    public static int prefixLength(byte[] key) {
        return key[PREFIX_LENGTH_AT] & 0xFF;
    }

    /** 32 for IPv4, 128 for IPv6. */
    public static int maxPrefixLength(int family) {
        return family == IPV4 ? 32 : 128;
    }

    /**
     * Why {@code key} is not a key that {@link #of} builds, or empty if it is one. A bundle's ip-range
     * keys are held to this (issue 11 item 9): a key no lookup builds is a record no lookup finds, so
     * a publisher who wrote one meant something the appliance cannot know. Allocates nothing for a
     * valid key: every key of a part is checked.
     */
    public static Optional<String> defect(byte[] key) {
        if (key.length != LENGTH) {
            return Optional.of("an ip-range key is " + LENGTH + " bytes, not " + key.length);
        }
        int family = family(key);
        int prefix = prefixLength(key);
        boolean mapped = isIpv4Mapped(key, NETWORK_AT);
        if (family == IPV4) {
            if (prefix > maxPrefixLength(IPV4)) {
                return Optional.of("IPv4 prefix length " + prefix + " is longer than 32");
            }
            if (!mapped) {
                return Optional.of("an IPv4 network must be held as ::ffff:a.b.c.d");
            }
        } else if (family == IPV6) {
            if (prefix > maxPrefixLength(IPV6)) {
                return Optional.of("IPv6 prefix length " + prefix + " is longer than 128");
            }
            if (mapped && prefix >= IPV4_MAPPED_BITS) {
                // Lookups key such a network as family 4, so this key would never be read.
                return Optional.of("an IPv4-mapped network of /96 or longer is an IPv4 network: family 4");
            }
        } else {
            return Optional.of("address family " + family + " is neither 4 nor 6");
        }
        int networkBits = family == IPV4 ? IPV4_MAPPED_BITS + prefix : prefix;
        for (int bit = networkBits; bit < NETWORK_BYTES * 8; bit++) {
            if ((key[NETWORK_AT + bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                return Optional.of("host bits are set beyond /" + prefix);
            }
        }
        return Optional.empty();
    }

    /** Whether the 16 bytes at {@code offset} are an IPv4-mapped address ({@code ::ffff:a.b.c.d}). */
    public static boolean isIpv4Mapped(byte[] bytes, int offset) {
        for (int i = 0; i < 10; i++) {
            if (bytes[offset + i] != 0) {
                return false;
            }
        }
        return bytes[offset + 10] == (byte) 0xFF && bytes[offset + 11] == (byte) 0xFF;
    }
}
