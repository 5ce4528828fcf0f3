package dev.outpost.opentip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where the URL of {@code search/url} is read from: the raw query, or the decoded parameter. */
class UrlRequestTest {
    @Test
    void aRawUrlIsTheRestOfTheQueryStringWithItsOwnAmpersands() {
        assertThat(UrlRequest.value("request=http://x.example/a?b=1&c=2", "http://x.example/a?b=1"))
                .isEqualTo("http://x.example/a?b=1&c=2");
        assertThat(UrlRequest.value("lang=en&request=x.example/a?b=1&request=2", "x.example/a?b=1"))
                .isEqualTo("x.example/a?b=1&request=2");
        // As sent: percent-escapes are left for canonicalization, which unescapes them fully.
        assertThat(UrlRequest.value("request=http://x.example/%7Euser/?q=a%26b", "http://x.example/~user/?q=a&b"))
                .isEqualTo("http://x.example/%7Euser/?q=a%26b");
    }

    @Test
    void anEncodedUrlIsTheDecodedParameter() {
        assertThat(UrlRequest.value(
                        "request=http%3A%2F%2Fx.example%2Fa%3Fb%3D1%26c%3D2&x=1", "http://x.example/a?b=1&c=2"))
                .isEqualTo("http://x.example/a?b=1&c=2");
        assertThat(UrlRequest.value("request=x.example", "x.example")).isEqualTo("x.example");
    }

    @Test
    void noRequestParameterIsNone() {
        assertThat(UrlRequest.value(null, null)).isNull();
        assertThat(UrlRequest.value("url=http://x.example/", null)).isNull();
        assertThat(UrlRequest.value("xrequest=http://x.example/", null)).isNull();
    }
}
