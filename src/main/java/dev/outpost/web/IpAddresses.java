package dev.outpost.web;

import java.util.Locale;

/**
 * Parses and formats IP address literals without ever asking a resolver (no {@code InetAddress}
 * lookups: an appliance never opens a connection). IPv4 follows the forms Safe Browsing v4 asks
 * clients to accept (octal, hex, fewer than four parts); IPv6 follows RFC 4291 text forms and
 * formats as RFC 5952 prescribes.
 */
public final class IpAddresses {
    private IpAddresses() {}

    /** Dotted-decimal IPv4 for a host in any legal IPv4 encoding, or null if it is not one. */
    static String canonicalIpv4(String host) {
        if (host.isEmpty() || host.length() > 64) {
            return null;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= '0' && c <= '9')
                    || c == '.'
                    || c == 'x'
                    || c == 'X'
                    || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F');
            if (!ok) {
                return null;
            }
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        StringBuilder out = new StringBuilder(15);
        for (int i = 0; i < parts.length; i++) {
            // As Google's reference client: each leading part is one byte (its low 8 bits), the
            // last part fills the bytes that remain.
            int bytes = i == parts.length - 1 ? 5 - parts.length : 1;
            long value = parseNumber(parts[i]);
            if (value < 0 || (i == parts.length - 1 && value >= 1L << (8 * bytes))) {
                return null;
            }
            for (int b = bytes - 1; b >= 0; b--) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append((value >>> (8 * b)) & 0xFF);
            }
        }
        return out.toString();
    }

    /** A decimal, octal (leading 0) or hex (0x) number up to 2^32 - 1; -1 if it is not one. */
    private static long parseNumber(String text) {
        int radix = 10;
        String digits = text;
        if (text.length() > 1 && (text.startsWith("0x") || text.startsWith("0X"))) {
            radix = 16;
            digits = text.substring(2);
        } else if (text.length() > 1 && text.startsWith("0")) {
            radix = 8;
            digits = text.substring(1);
        }
        if (digits.isEmpty() || digits.length() > 11) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), radix);
            if (digit < 0) {
                return -1;
            }
            value = value * radix + digit;
        }
        return value > 0xFFFFFFFFL ? -1 : value;
    }

    /** The 16 bytes of an IPv6 address in RFC 4291 text form (no brackets, no zone), or null. */
    public static byte[] parseIpv6(String text) {
        if (text.length() < 2 || text.length() > 45) {
            return null;
        }
        byte[] address = new byte[16];
        String head = text;
        String tail = "";
        int gap = text.indexOf("::");
        if (gap >= 0) {
            if (text.indexOf("::", gap + 1) >= 0) {
                return null;
            }
            head = text.substring(0, gap);
            tail = text.substring(gap + 2);
        }
        int[] headGroups = groups(head, gap < 0);
        int[] tailGroups = groups(tail, true);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if ((gap < 0 && total != 8) || (gap >= 0 && total > 7)) {
            return null;
        }
        for (int i = 0; i < headGroups.length; i++) {
            address[2 * i] = (byte) (headGroups[i] >>> 8);
            address[2 * i + 1] = (byte) headGroups[i];
        }
        for (int i = 0; i < tailGroups.length; i++) {
            int at = 8 - tailGroups.length + i;
            address[2 * at] = (byte) (tailGroups[i] >>> 8);
            address[2 * at + 1] = (byte) tailGroups[i];
        }
        return address;
    }

    /** 16-bit groups; a dotted IPv4 may end the last side. Empty text is no groups. */
    private static int[] groups(String text, boolean mayEndWithIpv4) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        int count = parts.length;
        boolean ipv4 = mayEndWithIpv4 && parts[count - 1].contains(".");
        int[] groups = new int[count + (ipv4 ? 1 : 0)];
        for (int i = 0; i < count; i++) {
            String part = parts[i];
            if (ipv4 && i == count - 1) {
                byte[] v4 = parseStrictIpv4(part);
                if (v4 == null) {
                    return null;
                }
                groups[i] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                groups[i + 1] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int c = 0; c < part.length(); c++) {
                int digit = Character.digit(part.charAt(c), 16);
                if (digit < 0) {
                    return null;
                }
                value = value * 16 + digit;
            }
            groups[i] = value;
        }
        return groups;
    }

    /** Four decimal parts 0-255, no leading zeros beyond "0": the only IPv4 form inside IPv6 and CIDR. */
    public static byte[] parseStrictIpv4(String text) {
        // Most hosts are names: refuse them before splitting.
        if (text.isEmpty() || text.length() > 15 || text.charAt(0) < '0' || text.charAt(0) > '9') {
            return null;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int value = 0;
            for (int c = 0; c < part.length(); c++) {
                char ch = part.charAt(c);
                if (ch < '0' || ch > '9') {
                    return null;
                }
                value = value * 10 + (ch - '0');
            }
            if (value > 255) {
                return null;
            }
            address[i] = (byte) value;
        }
        return address;
    }

    /** RFC 5952 text: lowercase hex, no leading zeros, the longest run of two or more zero groups as "::". */
    public static String formatIpv6(byte[] address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength && i - start >= 2) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The IPv4 address an IPv6 address stands for, as Safe Browsing asks: IPv4-mapped
     * ({@code ::ffff:a.b.c.d}) and NAT64 well-known prefix ({@code 64:ff9b::/96}); else null.
     */
    static byte[] embeddedIpv4(byte[] address) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= address[i] == 0;
        }
        mapped &= address[10] == (byte) 0xFF && address[11] == (byte) 0xFF;
        boolean nat64 = address[0] == 0 && address[1] == 0x64 && address[2] == (byte) 0xFF && address[3] == (byte) 0x9B;
        for (int i = 4; i < 12 && nat64; i++) {
            nat64 = address[i] == 0;
        }
        if (!mapped && !nat64) {
            return null;
        }
        return new byte[] {address[12], address[13], address[14], address[15]};
    }

    public static String formatIpv4(byte[] address) {
        return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "." + (address[3] & 0xFF);
    }
}
