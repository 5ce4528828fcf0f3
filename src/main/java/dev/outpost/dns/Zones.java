package dev.outpost.dns;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import dev.outpost.reputation.InvalidInputException;

/**
 * The four zones the front end is authoritative for, and the names its SOA and NS records give. No
 * zone may equal or contain another: every query name then belongs to at most one zone.
 */
record Zones(Name hash, Name hashlookup, Name ip, Name domain, Name nameServer, Name hostmaster) {
    /** The label of each zone below the suffix, in the order of {@link Kind}. */
    enum Kind {
        HASH("hash"),
        HASHLOOKUP("hashlookup"),
        IP("ip"),
        DOMAIN("domain");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** A query name's zone, and the name relative to it ({@code labels} counted without the zone's). */
    record Located(Kind kind, Name zone, Name name) {
        /** Labels of the query name left of the zone's. */
        int relativeLabels() {
            return name.labels() - zone.labels();
        }
    }

    Zones {
        List<Name> all = List.of(hash, hashlookup, ip, domain);
        for (int i = 0; i < all.size(); i++) {
            for (int j = 0; j < all.size(); j++) {
                if (i != j && all.get(i).subdomain(all.get(j))) {
                    throw new InvalidInputException(
                            "invalid-config",
                            "outpost.dns zones must be distinct and not inside one another: " + all.get(i)
                                    + " is inside " + all.get(j),
                            all.get(i).toString());
                }
            }
        }
    }

    static Zones of(DnsConfig config) {
        DnsConfig.ZoneNames names = config.zones();
        Name suffix = name(config.suffix(), "outpost.dns.suffix");
        return new Zones(
                zone(names.hash(), Kind.HASH, suffix),
                zone(names.hashlookup(), Kind.HASHLOOKUP, suffix),
                zone(names.ip(), Kind.IP, suffix),
                zone(names.domain(), Kind.DOMAIN, suffix),
                concatenate("ns", suffix),
                concatenate("hostmaster", suffix));
    }

    Name zone(Kind kind) {
        return switch (kind) {
            case HASH -> hash;
            case HASHLOOKUP -> hashlookup;
            case IP -> ip;
            case DOMAIN -> domain;
        };
    }

    /** The zone {@code name} is in (its apex or below), or empty when the name is none of ours. */
    Optional<Located> locate(Name name) {
        for (Kind kind : Kind.values()) {
            Name zone = zone(kind);
            if (name.subdomain(zone)) {
                return Optional.of(new Located(kind, zone, name));
            }
        }
        return Optional.empty();
    }

    private static Name zone(Optional<String> whole, Kind kind, Name suffix) {
        if (whole.isPresent()) {
            return name(whole.get(), "outpost.dns.zones." + kind.label());
        }
        return concatenate(kind.label(), suffix);
    }

    private static Name concatenate(String label, Name suffix) {
        try {
            return Name.concatenate(Name.fromConstantString(label), suffix);
        } catch (org.xbill.DNS.NameTooLongException e) {
            throw new InvalidInputException(
                    "invalid-config", "outpost.dns.suffix is too long for a zone name below it", suffix.toString());
        }
    }

    /**
     * A configured name: letters, digits, hyphens and dots only (no escapes, no wildcard), at least
     * one label, read as absolute whether or not it ends with a dot.
     */
    static Name name(String text, String key) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (value.endsWith(".")) {
            value = value.substring(0, value.length() - 1);
        }
        if (value.isEmpty() || !value.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw new InvalidInputException(
                    "invalid-config", key + " must be a domain name of letters, digits and hyphens", text);
        }
        try {
            return Name.fromString(value, Name.root);
        } catch (TextParseException e) {
            throw new InvalidInputException(
                    "invalid-config", key + " is not a valid domain name: " + e.getMessage(), text);
        }
    }
}
