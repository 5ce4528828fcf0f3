package dev.outpost.web;

import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.outpost.reputation.InvalidInputException;

/**
 * A URL in Safe Browsing v4 canonical form (developers.google.com/safe-browsing/v4/urls-hashing,
 * "Canonicalization"). It cannot be built from garbage: {@link #parse} either canonicalizes or
 * throws {@link InvalidInputException} ({@code invalid-url}), and the constructor accepts only
 * canonical parts. Input is bounded, and every step is linear in it, so hostile input (megabytes,
 * deep escaping, thousands of dots) is refused or answered quickly.
 *
 * @param scheme lowercase scheme, e.g. {@code http}
 * @param host canonical host: lowercase, punycode, IPv4 dotted decimal or bracketed IPv6
 * @param path canonical path, starting with {@code /}
 * @param query the query after {@code ?}, escaped but otherwise untouched; null if there was no
 *     {@code ?}
 */
public record CanonicalUrl(String scheme, String host, String path, String query) {
    /** Longer input is refused; browsers cap URLs at 2 MB, but no lookup needs more than this. */
    public static final int MAX_INPUT_CHARS = 16 * 1024;

    private static final int MAX_SCHEME_CHARS = 32;
    private static final Pattern SCHEME_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);

    public CanonicalUrl {
        if (scheme == null || !isScheme(scheme, 0, scheme.length()) || hasUppercase(scheme)) {
            throw new InvalidInputException("invalid-url", "not a canonical scheme", scheme);
        }
        if (host == null || host.isEmpty() || !isEscaped(host) || host.indexOf('/') >= 0 || host.indexOf('?') >= 0) {
            throw new InvalidInputException("invalid-url", "not a canonical host", host);
        }
        if (path == null || !path.startsWith("/") || !isEscaped(path) || path.indexOf('?') >= 0) {
            throw new InvalidInputException("invalid-url", "not a canonical path", path);
        }
        if (query != null && !isEscaped(query)) {
            throw new InvalidInputException("invalid-url", "not a canonical query", query);
        }
    }

    @Override
    public String toString() {
        return scheme + "://" + host + path + (query == null ? "" : "?" + query);
    }

    /**
     * The most specific expression of this URL, {@code host/path?query}: what a verdict on the URL is
     * stored under. One ending in a directory ({@code evil.example/phish/}) covers everything below.
     */
    public String expression() {
        return host + path + (query == null ? "" : "?" + query);
    }

    /** Whether the host is an IP address literal (no host suffixes are generated for it). */
    public boolean hostIsIp() {
        return host.startsWith("[") || IpAddresses.parseStrictIpv4(host) != null;
    }

    /** Canonicalizes {@code input} as Safe Browsing v4 specifies. */
    public static CanonicalUrl parse(String input) {
        if (input == null) {
            throw invalid("no URL given", "");
        }
        if (input.length() > MAX_INPUT_CHARS) {
            throw new InvalidInputException(
                    "url-too-long", "URL is " + input.length() + " characters; at most " + MAX_INPUT_CHARS, input);
        }
        // Work on bytes (one char per byte): percent-unescaping yields bytes, not characters.
        String stripped = input.strip();
        String s = isAscii(stripped)
                ? stripped
                : new String(stripped.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        s = removeTabsAndNewlines(s);
        int fragment = s.indexOf('#');
        if (fragment >= 0) {
            s = s.substring(0, fragment);
        }
        s = unescapeFully(s);

        String scheme = "http";
        String rest = s;
        int separator = s.indexOf("://");
        if (separator > 0 && isScheme(s, 0, separator)) {
            scheme = s.substring(0, separator).toLowerCase(Locale.ROOT);
            rest = s.substring(separator + 3);
        } else if (SCHEME_PREFIX.matcher(s).matches() && !looksLikeHostAndPort(s)) {
            throw invalid("URL has a scheme but no '//' and host (e.g. mailto:)", input);
        }
        int authorityEnd = indexOfAny(rest, '/', '?');
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String pathAndQuery = authorityEnd < 0 ? "/" : rest.substring(authorityEnd);
        String host = canonicalHost(hostOf(authority, input), input);

        String path = pathAndQuery;
        String query = null;
        int question = pathAndQuery.indexOf('?');
        if (question >= 0) {
            path = pathAndQuery.substring(0, question);
            query = escape(pathAndQuery.substring(question + 1));
        }
        return new CanonicalUrl(scheme, host, escape(canonicalPath(path)), query);
    }

    /** A scheme, in either case: a letter, then letters, digits, '+', '.' or '-'; 32 at most. */
    private static boolean isScheme(String s, int from, int to) {
        if (to - from < 1 || to - from > MAX_SCHEME_CHARS || !isAsciiLetter(s.charAt(from))) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean hasUppercase(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 'A' && s.charAt(i) <= 'Z') {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** "host:port..." without a scheme, like {@code www.google.com:80/}: the part after ':' is digits. */
    private static boolean looksLikeHostAndPort(String s) {
        int colon = s.indexOf(':');
        int end = indexOfAny(s, '/', '?');
        String port = s.substring(colon + 1, end < 0 || end < colon ? s.length() : end);
        return !port.isEmpty() && port.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The host part of an authority: without user information and port. */
    private static String hostOf(String authority, String input) {
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw invalid("IPv6 host has no closing ']'", input);
            }
            String after = host.substring(close + 1);
            if (!after.isEmpty() && !isPort(after)) {
                throw invalid("text after an IPv6 host is not a port", input);
            }
            return host.substring(0, close + 1);
        }
        if (host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
            throw invalid("host contains '[' or ']' outside an IPv6 literal", input);
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            if (!isPort(host.substring(colon))) {
                throw invalid("port is not a number", input);
            }
            host = host.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                // Only a bracketed IPv6 host may hold colons; anything else is ambiguous.
                throw invalid("host contains ':' outside an IPv6 literal", input);
            }
        }
        return host;
    }

    private static boolean isPort(String text) {
        // ":" alone, or ":" and up to five digits.
        return text.startsWith(":")
                && text.length() <= 6
                && text.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String canonicalHost(String raw, String input) {
        if (raw.startsWith("[")) {
            byte[] address = IpAddresses.parseIpv6(raw.substring(1, raw.length() - 1));
            if (address == null) {
                throw invalid("host is not a valid IPv6 address", input);
            }
            byte[] v4 = IpAddresses.embeddedIpv4(address);
            return v4 != null ? IpAddresses.formatIpv4(v4) : "[" + IpAddresses.formatIpv6(address) + "]";
        }
        StringBuilder collapsed = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            // Leading and trailing dots go, runs of dots become one.
            if (c == '.' && (collapsed.length() == 0 || collapsed.charAt(collapsed.length() - 1) == '.')) {
                continue;
            }
            collapsed.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        if (collapsed.length() > 0 && collapsed.charAt(collapsed.length() - 1) == '.') {
            collapsed.setLength(collapsed.length() - 1);
        }
        String host = collapsed.toString();
        if (host.isEmpty()) {
            throw invalid("URL has no host", input);
        }
        String ipv4 = IpAddresses.canonicalIpv4(host);
        if (ipv4 != null) {
            return ipv4;
        }
        return escape(punycode(host));
    }

    /**
     * IDN to punycode, label by label: a label of valid UTF-8 beyond ASCII that IDNA accepts becomes
     * {@code xn--…}; any other label keeps its bytes, to be escaped. Per label, so that every host
     * suffix of a canonical host is canonical too.
     */
    private static String punycode(String host) {
        if (isAscii(host)) {
            return host;
        }
        String[] labels = host.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = punycodeLabel(labels[i]);
        }
        return String.join(".", labels);
    }

    private static String punycodeLabel(String label) {
        if (isAscii(label)) {
            return label;
        }
        try {
            String unicode = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(label.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
            // STD3 rules: only letters, digits and hyphens come out. A label with anything else is
            // not an IDN label, and punycode would move its other characters next to each other.
            String ascii = IDN.toASCII(unicode, IDN.ALLOW_UNASSIGNED | IDN.USE_STD3_ASCII_RULES)
                    .toLowerCase(Locale.ROOT);
            return ascii.indexOf('.') < 0 && !ascii.isEmpty() ? ascii : label;
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return label;
        }
    }

    /** Resolves "/./" and "/../", collapses "//", keeps a trailing slash; "" becomes "/". */
    private static String canonicalPath(String path) {
        if (isCanonicalPath(path)) {
            return path;
        }
        List<String> segments = new ArrayList<>();
        boolean trailingSlash = path.isEmpty() || path.endsWith("/");
        int start = path.startsWith("/") ? 1 : 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            boolean last = end == path.length();
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                trailingSlash |= last;
            } else if (segment.equals(".")) {
                trailingSlash |= last;
            } else if (!segment.isEmpty()) {
                segments.add(segment);
            }
            start = end + 1;
        }
        StringBuilder out = new StringBuilder(path.length() + 1).append('/');
        for (int i = 0; i < segments.size(); i++) {
            out.append(segments.get(i));
            if (i < segments.size() - 1 || trailingSlash) {
                out.append('/');
            }
        }
        return out.toString();
    }

    /** Whether no segment of {@code path} is empty (but a trailing one), "." or "..": nothing to resolve. */
    private static boolean isCanonicalPath(String path) {
        if (!path.startsWith("/")) {
            return false;
        }
        int start = 1;
        while (start < path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            int length = end - start;
            if (length == 0
                    || (length <= 2 && path.charAt(start) == '.' && (length == 1 || path.charAt(start + 1) == '.'))) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    /**
     * Percent-unescapes until no escape is left, in one pass: a decoded byte is pushed and the tail
     * is checked again, since it may complete an escape with what came before it ({@code %25%32%35}
     * is {@code %}). Each decoding shortens the output by two, so the work is linear.
     */
    static String unescapeFully(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        char[] out = new char[s.length()];
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            out[length++] = s.charAt(i);
            while (length >= 3 && out[length - 3] == '%') {
                int high = Character.digit(out[length - 2], 16);
                int low = Character.digit(out[length - 1], 16);
                if (high < 0 || low < 0) {
                    break;
                }
                length -= 3;
                out[length++] = (char) (high * 16 + low);
            }
        }
        return new String(out, 0, length);
    }

    /** Escapes bytes at or below 0x20, at or above 0x7F, '#' and '%', in uppercase hex. */
    static String escape(String bytes) {
        if (!needsEscaping(bytes)) {
            return bytes;
        }
        StringBuilder out = new StringBuilder(bytes.length());
        for (int i = 0; i < bytes.length(); i++) {
            char c = bytes.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '#' || c == '%') {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean needsEscaping(String bytes) {
        for (int i = 0; i < bytes.length(); i++) {
            char c = bytes.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '#' || c == '%') {
                return true;
            }
        }
        return false;
    }

    /** Whether text is printable ASCII with '%' only in escapes: what {@link #escape} produces. */
    private static boolean isEscaped(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '#') {
                return false;
            }
            if (c == '%'
                    && (i + 2 >= text.length()
                            || Character.digit(text.charAt(i + 1), 16) < 0
                            || Character.digit(text.charAt(i + 2), 16) < 0)) {
                return false;
            }
        }
        return true;
    }

    private static String removeTabsAndNewlines(String s) {
        if (s.indexOf('\t') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\t' && c != '\r' && c != '\n') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static InvalidInputException invalid(String detail, String input) {
        return new InvalidInputException("invalid-url", detail, input);
    }
}
