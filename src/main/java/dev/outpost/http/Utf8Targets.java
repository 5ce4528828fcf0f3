package dev.outpost.http;

/**
 * Request targets with raw UTF-8 in them (issue 11 item 3). Netty reads the request line byte by
 * byte as ISO-8859-1, so {@code /api/v1/urls?url=http://bücher.example/} arrives as the chars of the
 * UTF-8 bytes ({@code bÃ¼cher}) and decodes to the wrong host. Percent-encoding those bytes, as RFC
 * 3986 section 2.5 says a client should have, makes every later decoder (path and query parameters
 * alike) read them as UTF-8.
 */
final class Utf8Targets {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Utf8Targets() {}

    static boolean hasRawBytes(String target) {
        for (int i = 0; i < target.length(); i++) {
            if (target.charAt(i) >= 0x80) {
                return true;
            }
        }
        return false;
    }

    /**
     * The path and query of a request target: itself for the usual origin form ({@code /a?b}), the
     * part after the authority for an absolute URL ({@code http://host/a?b}, RFC 9112 section 3.2.2),
     * or null for anything else.
     */
    static String originForm(String target) {
        if (target.startsWith("/")) {
            return target;
        }
        int scheme = target.indexOf("://");
        if (scheme <= 0) {
            return null;
        }
        int path = target.indexOf('/', scheme + 3);
        int query = target.indexOf('?', scheme + 3);
        if (path < 0 || (query >= 0 && query < path)) {
            return query < 0 ? "/" : "/" + target.substring(query);
        }
        return target.substring(path);
    }

    /** Each char from U+0080 to U+00FF, one raw byte, becomes {@code %XX}; the rest is kept as sent. */
    static String percentEncodeRawBytes(String target) {
        StringBuilder encoded = new StringBuilder(target.length() + 16);
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x80) {
                encoded.append(c);
            } else {
                // Anything above U+00FF cannot come from a byte; encode its UTF-8 all the same.
                for (byte b : String.valueOf(c)
                        .getBytes(
                                c <= 0xFF
                                        ? java.nio.charset.StandardCharsets.ISO_8859_1
                                        : java.nio.charset.StandardCharsets.UTF_8)) {
                    encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
            }
        }
        return encoded.toString();
    }
}
