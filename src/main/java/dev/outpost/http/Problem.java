package dev.outpost.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * RFC 9457 problem details. {@code type} is a URN (there is no network to dereference a URL in an
 * air-gapped LAN) whose last segment is the stable problem slug; {@code input} echoes the offending
 * value, shortened.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "input"})
public record Problem(String type, String title, int status, String detail, String input) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:outpost:problem:";

    public static Problem of(String slug, int status, String detail, String input) {
        return new Problem(TYPE_PREFIX + slug, title(slug), status, detail, input);
    }

    /** {@code invalid-hash} becomes {@code Invalid hash}. */
    static String title(String slug) {
        String words = slug.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
