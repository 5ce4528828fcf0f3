package dev.outpost.web;

import java.util.Arrays;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.IpKey;

/**
 * An IPv4 or IPv6 network in CIDR form (ADR 0008), or a single address as a /32 or /128. It cannot
 * be built with host bits set: {@code 10.1.2.3/8} is refused rather than silently read as
 * {@code 10.0.0.0/8}, because a publisher who wrote it meant something the appliance cannot know.
 * IPv4 is held as an IPv4-mapped IPv6 address with the prefix offset by 96, as its {@link IpKey} holds
 * it, so that both families share one key form and one longest-prefix search.
 *
 * @param address 16 bytes, host bits zero
 * @param prefixLength 0..128 in IPv6 terms (IPv4 /n is 96 + n)
 */
public record IpRange(byte[] address, int prefixLength) {
    private static final int IPV4_OFFSET = IpKey.IPV4_MAPPED_BITS;

    public IpRange {
        if (address == null || address.length != 16 || prefixLength < 0 || prefixLength > 128) {
            throw invalid("an IP range is 16 bytes and a prefix of 0..128", null);
        }
        address = address.clone();
        if (!Arrays.equals(address, mask(address, prefixLength))) {
            throw invalid("host bits are set beyond /" + prefixLength, format(address, prefixLength));
        }
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    public boolean isIpv4() {
        return prefixLength >= IPV4_OFFSET && isMapped(address);
    }

    /** An address ({@code 192.0.2.7}, {@code 2001:db8::1}) or a CIDR range ({@code 192.0.2.0/24}). */
    public static IpRange parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            throw invalid("an IP address or CIDR range is required", text);
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        byte[] v4 = IpAddresses.parseStrictIpv4(host);
        byte[] address = v4 != null ? mapped(v4) : IpAddresses.parseIpv6(host);
        if (address == null) {
            throw invalid("'" + host + "' is not an IPv4 or IPv6 address", text);
        }
        int max = v4 != null ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            String digits = trimmed.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw invalid("prefix length must be a number", text);
            }
            prefix = Integer.parseInt(digits);
            if (prefix > max) {
                throw invalid("prefix length " + prefix + " is longer than " + max, text);
            }
        }
        int prefixLength = v4 != null ? IPV4_OFFSET + prefix : prefix;
        if (!Arrays.equals(address, mask(address, prefixLength))) {
            throw invalid(
                    "host bits are set: did you mean " + format(mask(address, prefixLength), prefixLength) + "?", text);
        }
        return new IpRange(address, prefixLength);
    }

    /** A single address as a range of one (/32 or /128); for lookups. */
    public static IpRange address(String text) {
        IpRange range = parse(text);
        if (text.indexOf('/') >= 0) {
            throw invalid("an address is expected, not a range", text);
        }
        return range;
    }

    /** This range's network at a shorter prefix: the candidate keys of a longest-prefix search. */
    public IpRange widenTo(int shorterPrefix) {
        if (shorterPrefix > prefixLength) {
            throw invalid("cannot widen /" + prefixLength + " to /" + shorterPrefix, toString());
        }
        return new IpRange(mask(address, shorterPrefix), shorterPrefix);
    }

    /**
     * This range's network at a prefix length in its own family's terms ({@code network(24)} of
     * {@code 192.0.2.7} is {@code 192.0.2.0/24}).
     */
    public IpRange network(int familyPrefixLength) {
        return widenTo(isIpv4() ? IPV4_OFFSET + familyPrefixLength : familyPrefixLength);
    }

    /** The prefix length in the family's own terms: 0..32 for IPv4, 0..128 for IPv6. */
    public int familyPrefixLength() {
        return isIpv4() ? prefixLength - IPV4_OFFSET : prefixLength;
    }

    /** {@link IpKey#IPV4} or {@link IpKey#IPV6}. */
    public int family() {
        return isIpv4() ? IpKey.IPV4 : IpKey.IPV6;
    }

    public boolean contains(IpRange other) {
        return other.prefixLength >= prefixLength && Arrays.equals(mask(other.address, prefixLength), address);
    }

    /** This range's {@link IpKey}. */
    public byte[] key() {
        return IpKey.of(family(), address, familyPrefixLength());
    }

    @Override
    public String toString() {
        return format(address, prefixLength);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange range
                && range.prefixLength == prefixLength
                && Arrays.equals(range.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + prefixLength;
    }

    private static String format(byte[] address, int prefixLength) {
        if (prefixLength >= IPV4_OFFSET && isMapped(address)) {
            return IpAddresses.formatIpv4(Arrays.copyOfRange(address, 12, 16)) + "/" + (prefixLength - IPV4_OFFSET);
        }
        return IpAddresses.formatIpv6(address) + "/" + prefixLength;
    }

    private static boolean isMapped(byte[] address) {
        return IpKey.isIpv4Mapped(address, 0);
    }

    private static byte[] mapped(byte[] v4) {
        byte[] address = new byte[16];
        address[10] = (byte) 0xFF;
        address[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, address, 12, 4);
        return address;
    }

    private static byte[] mask(byte[] address, int prefixLength) {
        byte[] masked = address.clone();
        for (int bit = prefixLength; bit < 128; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    private static InvalidInputException invalid(String detail, String input) {
        return new InvalidInputException("invalid-ip", detail, input);
    }
}
