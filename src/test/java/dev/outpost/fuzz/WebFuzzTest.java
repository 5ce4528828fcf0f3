package dev.outpost.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.web.CanonicalUrl;
import dev.outpost.web.Domains;
import dev.outpost.web.IpRange;
import dev.outpost.web.UrlExpressions;

/**
 * Lookup keys from clients' text (docs/fuzzing.md): URLs, domains and IP ranges arrive from the LAN
 * and from publishers' record files. The one documented refusal is {@link InvalidInputException};
 * anything else fails. What is accepted must be a fixed point of its own canonicalization, or the
 * same URL would be stored under one key and looked up under another.
 */
class WebFuzzTest {
    @FuzzTest
    void canonicalUrl(byte[] input) {
        CanonicalUrl url;
        try {
            url = CanonicalUrl.parse(utf8(input));
        } catch (InvalidInputException refused) {
            return;
        }
        assertThat(CanonicalUrl.parse(url.toString()))
                .as("canonical form of %s", url)
                .isEqualTo(url);
        assertThat(UrlExpressions.of(url))
                .as("expressions of %s", url)
                .isNotEmpty()
                .contains(url.expression());
    }

    @FuzzTest
    void domain(byte[] input) {
        String domain;
        try {
            domain = Domains.canonical(utf8(input));
        } catch (InvalidInputException refused) {
            return;
        }
        assertThat(Domains.canonical(domain)).as("canonical form of %s", domain).isEqualTo(domain);
    }

    @FuzzTest
    void ipRange(byte[] input) {
        IpRange range;
        try {
            range = IpRange.parse(utf8(input));
        } catch (InvalidInputException refused) {
            return;
        }
        assertThat(IpRange.parse(range.toString())).as("text of %s", range).isEqualTo(range);
        assertThat(range.widenTo(0).contains(range)).isTrue();
        range.key();
    }

    /** Clients send text; bytes that are not UTF-8 arrive as replacement characters. */
    static String utf8(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }
}
