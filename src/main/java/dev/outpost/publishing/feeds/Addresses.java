package dev.outpost.publishing.feeds;

import dev.outpost.publishing.KeyedRecords;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;
import dev.outpost.web.IpRange;

/** IP addresses as feeds write them, before {@code KeyedRecords.ipRange} keys them. */
final class Addresses {
    private static final int MAX_PORT = 65_535;

    private Addresses() {}

    /**
     * The IP record of an address or a CIDR range from a feed. A range wider than {@link
     * FeedLimits#MIN_IPV4_PREFIX} (IPv4) or {@link FeedLimits#MIN_IPV6_PREFIX} (IPv6) is an invalid
     * entry: one garbled or hostile feed line such as {@code 0.0.0.0/0} would otherwise mark every
     * address malicious. A publisher who means a wide range writes it in a record file.
     */
    static ReputationRecord.Keyed range(String value, Verdict verdict) {
        IpRange range = IpRange.parse(value);
        int minimum = range.isIpv4() ? FeedLimits.MIN_IPV4_PREFIX : FeedLimits.MIN_IPV6_PREFIX;
        if (range.familyPrefixLength() < minimum) {
            throw new InvalidInputException(
                    "ip-range-too-wide",
                    value + " is wider than a feed may list (/" + minimum
                            + " at most; write wider ranges in a record file)",
                    value);
        }
        return KeyedRecords.ipRange(value, verdict);
    }

    /** A single address where a feed promises one (Feodo's {@code dst_ip}): a range there is an error. */
    static String single(String address) {
        if (address.indexOf('/') >= 0) {
            throw new InvalidInputException("invalid-ip", "an IP address is expected, not a range", address);
        }
        return address;
    }

    /**
     * The address of {@code address:port} (ThreatFox's {@code ip:port}, MISP's {@code ip-dst|port}
     * written with a colon): the port is dropped, because Outpost keys IP records by address
     * (offline-bundles/FEEDS.md). IPv6 must be bracketed, {@code [2001:db8::1]:443}: without
     * brackets the last group and a port cannot be told apart.
     */
    static String withoutPort(String value) {
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf("]:");
            if (close < 0) {
                throw new InvalidInputException("invalid-ip", "expected [IPv6 address]:port", value);
            }
            host = value.substring(1, close);
            port = value.substring(close + 2);
        } else {
            int colon = value.indexOf(':');
            if (colon < 0 || value.indexOf(':', colon + 1) >= 0) {
                throw new InvalidInputException(
                        "invalid-ip", "expected IPv4:port or [IPv6]:port (an IPv6 address needs brackets)", value);
            }
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
        }
        port(port, value);
        return single(host);
    }

    /** Checks a port number; feeds give one beside an address, and a garbled one means a garbled entry. */
    static void port(String port, String value) {
        if (port.isEmpty()
                || port.length() > 5
                || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(port) > MAX_PORT) {
            throw new InvalidInputException("invalid-ip", "'" + port + "' is not a port number", value);
        }
    }
}
