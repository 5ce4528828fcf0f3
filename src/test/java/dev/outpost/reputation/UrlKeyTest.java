package dev.outpost.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * The URL and domain key layouts (ADR 0008). The expected bytes were computed by the code that built
 * the bundles and generations in the field (and checked with {@code sha256sum}): a change here makes
 * every stored URL and domain record unreachable.
 */
class UrlKeyTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aDomainKeyIsTheSha256OfTheCanonicalHost() {
        assertThat(HEX.formatHex(DomainKey.of("malware.testing.google.test")))
                .isEqualTo("ec012cc70b8600ce8c9fa65131a806d75b00c115f359c50959a3266aee4ccaca");
        assertThat(DomainKey.LENGTH).isEqualTo(KeySpace.DOMAIN_SHA256.keyLength());
    }

    @Test
    void aUrlKeyIsEightBytesOfTheHostDigestThenTheExpressionDigest() {
        assertThat(HEX.formatHex(UrlKey.of("evil.example/phish/login.html?x=1")))
                .isEqualTo(
                        "9c180de0cd699ee7" // SHA-256("evil.example"), first 8 bytes
                                + "a723dc2ed28e9ce5f551ec0089a6202caad8400defbcf4e66d757f6114ee5615");
        assertThat(HEX.formatHex(UrlKey.of("evil.example/")))
                .isEqualTo("9c180de0cd699ee7f001957c833da35384097567d684bbfdccfd3c0aea51b672d740b5858f6e9aa5");
        assertThat(UrlKey.LENGTH).isEqualTo(KeySpace.URL_EXPRESSION.keyLength());
    }

    @Test
    void keysFromHostAndPathBytesEqualKeysFromTheExpression() {
        byte[] hostKey = DomainKey.of("evil.example");
        byte[] key = UrlKey.of(hostKey, UrlKey.ascii("evil.example"), UrlKey.ascii("/phish/login.html?x=1"));

        assertThat(key).isEqualTo(UrlKey.of("evil.example/phish/login.html?x=1"));
        assertThat(UrlKey.hostPrefix(key)).isEqualTo(UrlKey.hostPrefix(hostKey));
        assertThat(UrlKey.hostPrefix(key)).isNotEqualTo(UrlKey.hostPrefix(DomainKey.of("other.example")));
    }

    @Test
    void anExpressionWithoutHostOrPathIsInvalidInput() {
        for (String expression : new String[] {"evil.example", "/phish/", ""}) {
            assertThatThrownBy(() -> UrlKey.of(expression))
                    .as(expression)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problemType())
                            .isEqualTo("invalid-url"));
        }
    }
}
