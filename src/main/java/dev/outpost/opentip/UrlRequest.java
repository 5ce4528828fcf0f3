package dev.outpost.opentip;

/**
 * The URL of {@code search/url?request=...}, sent either way OpenTIP's clients send it (interop.md
 * 2). Kaspersky's OpenTIP-scanner and the OpenCTI connector append the URL as it is, without
 * encoding it ({@code 'search/url?request=' + value}), so the URL's own {@code &} would end the
 * parameter and its own {@code ?b=1&c=2} would split into parameters. Clients that encode (httpx
 * {@code params=}, {@code curl --data-urlencode}) encode every {@code /} as {@code %2F}. So: a value
 * with a raw {@code /} was sent unencoded, and is the rest of the query string after {@code
 * request=}, as sent; any other value is the decoded parameter, as for the native {@code
 * /api/v1/urls?url=}. Either way Safe Browsing canonicalization then percent-unescapes it fully.
 * A {@code #fragment} never arrives: clients keep it to themselves (Python's urllib and requests
 * both do), and canonicalization drops it anyway.
 */
final class UrlRequest {
    private static final String PARAMETER = "request=";

    private UrlRequest() {}

    /**
     * @param rawQuery the request's query string as received, undecoded; may be null
     * @param decoded the decoded value of the first {@code request} parameter; may be null
     */
    static String value(String rawQuery, String decoded) {
        String raw = rawValue(rawQuery);
        return raw != null && raw.indexOf('/') >= 0 ? raw : decoded;
    }

    /** Everything after the first {@code request=} that starts the query or follows an {@code &}. */
    private static String rawValue(String query) {
        if (query == null) {
            return null;
        }
        if (query.startsWith(PARAMETER)) {
            return query.substring(PARAMETER.length());
        }
        int at = query.indexOf("&" + PARAMETER);
        return at < 0 ? null : query.substring(at + 1 + PARAMETER.length());
    }
}
