package dev.outpost.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.outpost.reputation.InvalidInputException;

class CanonicalUrlTest {
    /** Safe Browsing v4 "Canonicalization" examples (developers.google.com/safe-browsing/v4/urls-hashing). */
    static Stream<Arguments> specExamples() {
        return Stream.of(
                Arguments.of("http://host/%25%32%35", "http://host/%25"),
                Arguments.of("http://host/%25%32%35%25%32%35", "http://host/%25%25"),
                Arguments.of("http://host/%2525252525252525", "http://host/%25"),
                Arguments.of("http://host/asdf%25%32%35asd", "http://host/asdf%25asd"),
                Arguments.of("http://host/%%%25%32%35asd%%", "http://host/%25%25%25asd%25%25"),
                Arguments.of("http://www.google.com/", "http://www.google.com/"),
                Arguments.of(
                        "http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/",
                        "http://168.188.99.26/.secure/www.ebay.com/"),
                Arguments.of(
                        "http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/",
                        "http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/"),
                Arguments.of(
                        "http://host%23.com/%257Ea%2521b%2540c%2523d%2524e%25f%255E00%252611%252A22%252833%252944_55%252B",
                        "http://host%23.com/~a!b@c%23d$e%25f^00&11*22(33)44_55+"),
                Arguments.of("http://3279880203/blah", "http://195.127.0.11/blah"),
                Arguments.of("http://www.google.com/blah/..", "http://www.google.com/"),
                Arguments.of("www.google.com/", "http://www.google.com/"),
                Arguments.of("www.google.com", "http://www.google.com/"),
                Arguments.of("http://www.evil.com/blah#frag", "http://www.evil.com/blah"),
                Arguments.of("http://www.GOOgle.com/", "http://www.google.com/"),
                Arguments.of("http://www.google.com.../", "http://www.google.com/"),
                Arguments.of("http://www.google.com/foo\tbar\rbaz\n2", "http://www.google.com/foobarbaz2"),
                Arguments.of("http://www.google.com/q?", "http://www.google.com/q?"),
                Arguments.of("http://www.google.com/q?r?", "http://www.google.com/q?r?"),
                Arguments.of("http://www.google.com/q?r?s", "http://www.google.com/q?r?s"),
                Arguments.of("http://evil.com/foo#bar#baz", "http://evil.com/foo"),
                Arguments.of("http://evil.com/foo;", "http://evil.com/foo;"),
                Arguments.of("http://evil.com/foo?bar;", "http://evil.com/foo?bar;"),
                Arguments.of("http://%01%80.com/", "http://%01%80.com/"),
                Arguments.of("http://notrailingslash.com", "http://notrailingslash.com/"),
                Arguments.of("http://www.gotaport.com:1234/", "http://www.gotaport.com/"),
                Arguments.of("  http://www.google.com/  ", "http://www.google.com/"),
                Arguments.of("http:// leadingspace.com/", "http://%20leadingspace.com/"),
                Arguments.of("http://%20leadingspace.com/", "http://%20leadingspace.com/"),
                Arguments.of("%20leadingspace.com/", "http://%20leadingspace.com/"),
                Arguments.of("https://www.securesite.com/", "https://www.securesite.com/"),
                Arguments.of("http://host.com/ab%23cd", "http://host.com/ab%23cd"),
                Arguments.of("http://host.com//twoslashes?more//slashes", "http://host.com/twoslashes?more//slashes"));
    }

    /** Further cases from Google's reference client (github.com/google/safebrowsing, urls_test.go) and the newer reference. */
    static Stream<Arguments> referenceClientExamples() {
        return Stream.of(
                Arguments.of("http://www.\u00fcmlat.com/", "http://www.xn--mlat-zra.com/"),
                Arguments.of("http://[2001:470:1:18::114]/", "http://[2001:470:1:18::114]/"),
                Arguments.of("http://[2001:0db8:0000::1]/", "http://[2001:db8::1]/"),
                Arguments.of("http://[::ffff:1.2.3.4]/", "http://1.2.3.4/"),
                Arguments.of("http://[64:ff9b::1.2.3.4]/", "http://1.2.3.4/"),
                Arguments.of(
                        "http://[FEDC:BA98:7654:3210:FEDC:BA98:7654:3210]:80/index.html",
                        "http://[fedc:ba98:7654:3210:fedc:ba98:7654:3210]/index.html"),
                Arguments.of("http%3A%2F%2Fwackyurl.com:80/", "http://wackyurl.com/"),
                Arguments.of("http://W!eird<>Ho$^.com/", "http://w!eird<>ho$^.com/"),
                Arguments.of("http://i.have.way.too.many.dots.com/", "http://i.have.way.too.many.dots.com/"),
                Arguments.of("ftp://ftp.myfiles.com/", "ftp://ftp.myfiles.com/"),
                Arguments.of("http://google.com.:8080/foo.html", "http://google.com/foo.html"),
                Arguments.of("http://..google.com/foo.html", "http://google.com/foo.html"),
                Arguments.of("http://0x12.0x43.0x44.0x01", "http://18.67.68.1/"),
                Arguments.of("http://12.0x12.01234/", "http://12.18.2.156/"),
                Arguments.of("http://276.2.3/", "http://20.2.0.3/"),
                Arguments.of("http://012.034.01.055/", "http://10.28.1.45/"),
                Arguments.of("http://167838211/", "http://10.1.2.3/"),
                Arguments.of("http://1.2.3.00x0/", "http://1.2.3.00x0/"),
                Arguments.of("http://a.com/foo/.././bar/./../foo.html", "http://a.com/foo.html"),
                Arguments.of("http://a.com//a//b///c////", "http://a.com/a/b/c/"),
                Arguments.of("http://user:pass@Example.COM:8080/x", "http://example.com/x"),
                Arguments.of("www.google.com:80", "http://www.google.com/"));
    }

    @ParameterizedTest
    @MethodSource({"specExamples", "referenceClientExamples"})
    void canonicalizesAsTheSpecificationSays(String input, String canonical) {
        assertThat(CanonicalUrl.parse(input)).hasToString(canonical);
    }

    @ParameterizedTest
    @MethodSource({"specExamples", "referenceClientExamples"})
    void canonicalizingTwiceChangesNothing(String input, String canonical) {
        assertThat(CanonicalUrl.parse(canonical)).hasToString(canonical);
    }

    @Test
    void refusesInputWithoutAHost() {
        for (String input : new String[] {
            "",
            ":",
            "/blah",
            "#ref",
            "/blah#ref",
            "?query#ref",
            "/blah?query#ref",
            "/blah;param",
            "http://#ref",
            "http:///blah#ref",
            "http://?query#ref",
            "http:///blah?query#ref",
            "http:///blah;param",
            "mailto:bryner@google.com",
            "http:www.google.com:8080/foo.html",
            "www.google.com:xxyy/foo.html:80",
            "http://[::1/",
            "http://[1:2:3]/",
            "   ",
            "http://...../"
        }) {
            assertThatThrownBy(() -> CanonicalUrl.parse(input))
                    .as(input)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problemType())
                            .isEqualTo("invalid-url"));
        }
    }

    @Test
    void boundsHostileInput() {
        String huge = "http://a.example/" + "a".repeat(2_000_000);
        assertThatThrownBy(() -> CanonicalUrl.parse(huge))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problemType())
                        .isEqualTo("url-too-long"));

        // 5,000 levels of escaping of one '%', and thousands of dots: linear work, exact answers.
        StringBuilder nested = new StringBuilder("%");
        for (int i = 0; i < 5_000 && nested.length() < CanonicalUrl.MAX_INPUT_CHARS - 40; i++) {
            nested.insert(1, "25");
        }
        assertThat(CanonicalUrl.parse("http://host/" + nested)).hasToString("http://host/%25");
        assertThat(CanonicalUrl.parse("http://" + ".".repeat(8_000) + "a.b" + ".".repeat(8_000) + "/"))
                .hasToString("http://a.b/");
    }

    @Test
    void unescapingInOnePassEqualsUnescapingUntilNothingChanges() {
        Random random = new Random(7);
        String alphabet = "%%%2345aFfG/";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int c = random.nextInt(24); c > 0; c--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(CanonicalUrl.unescapeFully(s.toString()))
                    .as(s.toString())
                    .isEqualTo(naiveUnescape(s.toString()));
        }
    }

    /** The specification's wording, literally: unescape the whole string again while it changes. */
    private static String naiveUnescape(String s) {
        while (true) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == '%'
                        && i + 2 < s.length()
                        && Character.digit(s.charAt(i + 1), 16) >= 0
                        && Character.digit(s.charAt(i + 2), 16) >= 0) {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    out.append(s.charAt(i));
                }
            }
            if (out.toString().equals(s)) {
                return s;
            }
            s = out.toString();
        }
    }

    @Test
    void randomInputEitherCanonicalizesIdempotentlyOrIsRefusedAsBadInput() {
        Random random = new Random(11);
        String alphabet = "ab.:/?#%25@[]x0123456789AF \t\u00fc\u4e2d-_~!$&'()*+,;=";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder s = new StringBuilder(random.nextBoolean() ? "http://" : "");
            for (int c = random.nextInt(40); c > 0; c--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            CanonicalUrl url;
            try {
                url = CanonicalUrl.parse(s.toString());
            } catch (InvalidInputException expected) {
                continue;
            }
            try {
                assertThat(CanonicalUrl.parse(url.toString())).as(s.toString()).isEqualTo(url);
                for (String expression : UrlExpressions.of(url)) {
                    assertThat(CanonicalUrl.parse(url.scheme() + "://" + expression)
                                    .toString())
                            .as("expression " + expression + " of " + s)
                            .isEqualTo(url.scheme() + "://" + expression);
                }
            } catch (InvalidInputException e) {
                throw new AssertionError("'" + s + "' canonicalized to '" + url + "', which is refused", e);
            }
        }
    }

    @Test
    void partsThatAreNotCanonicalAreInvalidInput() {
        assertThatThrownBy(() -> new CanonicalUrl("HTTP", "evil.example", "/", null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problemType())
                        .isEqualTo("invalid-url"));
        assertThatThrownBy(() -> new CanonicalUrl("http", "evil.example", "phish/", null))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new CanonicalUrl("http", "evil example", "/", null))
                .isInstanceOf(InvalidInputException.class);
    }
}
