package dev.outpost.web;

import dev.outpost.reputation.InvalidInputException;

/** Domain names, canonicalized exactly as URL hosts are (ADR 0008), so that both key alike. */
public final class Domains {
    private Domains() {}

    /** A host name canonicalized as URL hosts are; an IP address or anything with a path is refused. */
    public static String canonical(String domain) {
        if (domain == null
                || domain.isBlank()
                || domain.contains("/")
                || domain.contains("?")
                || domain.contains("#")
                || domain.contains("@")
                || domain.contains(":")) {
            throw new InvalidInputException(
                    "invalid-domain", "a domain is a host name, without scheme, port or path", domain);
        }
        String stripped = domain.strip();
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            // URL canonicalization would escape these into a "host" no DNS name can match (issue 11 item 14).
            if (c <= 0x20 || c == 0x7F || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new InvalidInputException(
                        "invalid-domain",
                        String.format(
                                "a domain name cannot contain a space or control character (U+%04X at position %d)",
                                (int) c, i + 1),
                        domain);
            }
        }
        CanonicalUrl url;
        try {
            url = CanonicalUrl.parse("http://" + stripped + "/");
        } catch (InvalidInputException e) {
            throw new InvalidInputException("invalid-domain", e.detail(), domain);
        }
        if (url.hostIsIp()) {
            throw new InvalidInputException(
                    "invalid-domain", "an IP address is not a domain: list it as an ip record", domain);
        }
        if (couldBeIp(url.host())
                && CanonicalUrl.parse("http://" + url.host() + "/").hostIsIp()) {
            // Mapping can make an address of a name: "³" is "3" after NFKC, and "3" is 0.0.0.3. The
            // canonical form must itself canonicalize to itself (found by WebFuzzTest#domain).
            throw new InvalidInputException(
                    "invalid-domain", "an IP address is not a domain: list it as an ip record", domain);
        }
        if (url.host().indexOf('%') >= 0) {
            // An escaped byte left in a canonical host (a control character, invalid UTF-8) is no DNS name.
            throw new InvalidInputException(
                    "invalid-domain", "a domain name cannot contain escaped or invalid characters", domain);
        }
        return url.host();
    }

    /** Whether a canonical host has only the characters an address can: hex digits, x, dots, colons, brackets. */
    private static boolean couldBeIp(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!((c >= '0' && c <= '9')
                    || (c >= 'a' && c <= 'f')
                    || c == 'x'
                    || c == '.'
                    || c == ':'
                    || c == '['
                    || c == ']')) {
                return false;
            }
        }
        return true;
    }
}
