package dev.outpost.dns;

import java.util.Locale;

/**
 * What a query name inside one of the zones asks for, read from its labels alone (no lookup yet).
 * The labels left of the zone are raw bytes: DNS allows any byte in a label, so every form below is
 * checked byte by byte and anything else is {@link NoSuchName}.
 */
sealed interface NameQuery {
    /** The zone's own name: SOA and NS live here. */
    record Apex() implements NameQuery {}

    /**
     * A name that exists without data of its own: {@code malware.<hash-zone>}, the parent of the
     * legacy MHR names.
     */
    record EmptyNonTerminal() implements NameQuery {}

    /** A file digest, lower-case hex of 32, 40 or 64 digits (SHA-256 from two labels of 32). */
    record Digest(String hex) implements NameQuery {}

    /** {@code info.<hashlookup-zone>}: about the dataset, as CIRCL's DNS server answers it. */
    record Info() implements NameQuery {}

    /** An address from reversed octets or nibbles (RFC 5782 §2.1, §2.4), in its text form. */
    record Address(String text) implements NameQuery {}

    /** A domain name, not reversed (RFC 5782 §2.3), lower-case, without a trailing dot. */
    record Domain(String text) implements NameQuery {}

    /**
     * An RFC 5782 §5 test entry: 127.0.0.2, ::FFFF:7F00:2 and TEST are listed, 127.0.0.1,
     * ::FFFF:7F00:1 and INVALID are not, whatever the dataset says.
     */
    record TestPoint(boolean listed) implements NameQuery {}

    /** An IP address (reversed or not) asked of the domain list: an error code, as Spamhaus's DBL answers. */
    record AddressInDomainList() implements NameQuery {}

    /** Nothing of this shape exists in the zone. */
    record NoSuchName() implements NameQuery {}

    NameQuery APEX = new Apex();
    NameQuery EMPTY_NON_TERMINAL = new EmptyNonTerminal();
    NameQuery INFO = new Info();
    NameQuery NO_SUCH_NAME = new NoSuchName();
    NameQuery LISTED_TEST_POINT = new TestPoint(true);
    NameQuery UNLISTED_TEST_POINT = new TestPoint(false);
    NameQuery ADDRESS_IN_DOMAIN_LIST = new AddressInDomainList();

    /** Reads the name {@code located} in its zone. */
    static NameQuery of(Zones.Located located) {
        byte[][] labels = relativeLabels(located);
        if (labels.length == 0) {
            return APEX;
        }
        return switch (located.kind()) {
            case HASH -> hash(labels);
            case HASHLOOKUP -> hashlookup(labels);
            case IP -> address(labels);
            case DOMAIN -> domain(labels);
        };
    }

    /**
     * Team Cymru MHR (interop.md §3.1): {@code <md5|sha1>.<zone>} or {@code <first32>.<last32>.<zone>}
     * for SHA-256, also below the legacy {@code malware.<zone>} that TheHive's Cortex still asks.
     */
    private static NameQuery hash(byte[][] labels) {
        int count = labels.length;
        if (equalsIgnoreCase(labels[count - 1], "malware")) {
            if (count == 1) {
                return EMPTY_NON_TERMINAL;
            }
            count--;
        }
        String digest = digest(labels, count);
        return digest == null ? NO_SUCH_NAME : new Digest(digest);
    }

    /**
     * CIRCL hashlookup DNS (interop.md §1.4): {@code <md5|sha1>.<zone>} and {@code info.<zone>}; a
     * SHA-256 in two labels as in the hash zone is Outpost's addition (CIRCL has none over DNS).
     */
    private static NameQuery hashlookup(byte[][] labels) {
        if (labels.length == 1 && equalsIgnoreCase(labels[0], "info")) {
            return INFO;
        }
        String digest = digest(labels, labels.length);
        return digest == null ? NO_SUCH_NAME : new Digest(digest);
    }

    private static String digest(byte[][] labels, int count) {
        if (count == 1 && (labels[0].length == 32 || labels[0].length == 40) && isHex(labels[0])) {
            return ascii(labels[0]).toLowerCase(Locale.ROOT);
        }
        if (count == 2 && labels[0].length == 32 && labels[1].length == 32 && isHex(labels[0]) && isHex(labels[1])) {
            return (ascii(labels[0]) + ascii(labels[1])).toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /** RFC 5782 §2.1 (four reversed decimal octets) and §2.4 (32 reversed hex nibbles). */
    private static NameQuery address(byte[][] labels) {
        String ipv4 = reversedIpv4(labels);
        if (ipv4 != null) {
            return switch (ipv4) {
                case "127.0.0.2" -> LISTED_TEST_POINT;
                case "127.0.0.1" -> UNLISTED_TEST_POINT;
                default -> new Address(ipv4);
            };
        }
        String ipv6 = reversedIpv6(labels);
        if (ipv6 != null) {
            return switch (ipv6) {
                case "0000:0000:0000:0000:0000:ffff:7f00:0002" -> LISTED_TEST_POINT;
                case "0000:0000:0000:0000:0000:ffff:7f00:0001" -> UNLISTED_TEST_POINT;
                default -> new Address(ipv6);
            };
        }
        return NO_SUCH_NAME;
    }

    /**
     * RFC 5782 §2.3: the domain as it is. Labels are letters, digits, hyphens and underscores (IDNs
     * arrive as their xn-- form); the lookup canonicalizes the rest as the domain API does.
     */
    private static NameQuery domain(byte[][] labels) {
        if (labels.length == 1 && equalsIgnoreCase(labels[0], "test")) {
            return LISTED_TEST_POINT;
        }
        if (labels.length == 1 && equalsIgnoreCase(labels[0], "invalid")) {
            return UNLISTED_TEST_POINT;
        }
        if (isNumericQuad(labels) || reversedIpv6(labels) != null) {
            return ADDRESS_IN_DOMAIN_LIST;
        }
        StringBuilder domain = new StringBuilder();
        for (byte[] label : labels) {
            for (byte b : label) {
                if (!isHostByte(b)) {
                    return NO_SUCH_NAME;
                }
            }
            if (domain.length() > 0) {
                domain.append('.');
            }
            domain.append(ascii(label).toLowerCase(Locale.ROOT));
        }
        return new Domain(domain.toString());
    }

    /** The address {@code d.c.b.a} names, as {@code a.b.c.d}; null unless exactly four decimal octets. */
    static String reversedIpv4(byte[][] labels) {
        if (!isDottedQuad(labels)) {
            return null;
        }
        return ascii(labels[3]) + "." + ascii(labels[2]) + "." + ascii(labels[1]) + "." + ascii(labels[0]);
    }

    /** Four labels of 0..255 in decimal, without leading zeros (one spelling per address). */
    private static boolean isDottedQuad(byte[][] labels) {
        if (labels.length != 4) {
            return false;
        }
        for (byte[] label : labels) {
            if (label.length == 0 || label.length > 3 || (label.length > 1 && label[0] == '0')) {
                return false;
            }
            int value = 0;
            for (byte b : label) {
                if (b < '0' || b > '9') {
                    return false;
                }
                value = value * 10 + (b - '0');
            }
            if (value > 255) {
                return false;
            }
        }
        return true;
    }

    /** Four labels of one to three digits: an IPv4 address in any spelling, reversed or not. */
    private static boolean isNumericQuad(byte[][] labels) {
        if (labels.length != 4) {
            return false;
        }
        for (byte[] label : labels) {
            if (label.length == 0 || label.length > 3) {
                return false;
            }
            for (byte b : label) {
                if (b < '0' || b > '9') {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The address 32 reversed nibbles name, in full form ({@code 2001:0db8:...}); null unless exactly
     * 32 labels of one hex digit each.
     */
    static String reversedIpv6(byte[][] labels) {
        if (labels.length != 32) {
            return null;
        }
        StringBuilder address = new StringBuilder(39);
        for (int i = 31; i >= 0; i--) {
            if (labels[i].length != 1 || !isHex(labels[i])) {
                return null;
            }
            address.append(Character.toLowerCase((char) labels[i][0]));
            if (i % 4 == 0 && i > 0) {
                address.append(':');
            }
        }
        return address.toString();
    }

    /** The labels left of the zone, leftmost first, without their length bytes. */
    private static byte[][] relativeLabels(Zones.Located located) {
        int count = located.relativeLabels();
        byte[][] labels = new byte[count][];
        for (int i = 0; i < count; i++) {
            byte[] withLength = located.name().getLabel(i);
            labels[i] = java.util.Arrays.copyOfRange(withLength, 1, withLength.length);
        }
        return labels;
    }

    private static boolean isHex(byte[] label) {
        for (byte b : label) {
            if (!((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHostByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '_';
    }

    private static boolean equalsIgnoreCase(byte[] label, String ascii) {
        return label.length == ascii.length() && ascii(label).equalsIgnoreCase(ascii);
    }

    /** Only called on labels whose bytes were checked to be ASCII, or compared as such. */
    private static String ascii(byte[] label) {
        return new String(label, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
