package dev.outpost.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class UrlExpressionsTest {
    private static List<String> expressions(String url) {
        return UrlExpressions.of(CanonicalUrl.parse(url));
    }

    /** Safe Browsing v4 "Suffix/Prefix Expressions" examples. */
    @Test
    void generatesTheSpecificationsExamples() {
        assertThat(expressions("http://a.b.c/1/2.html?param=1"))
                .containsExactlyInAnyOrder(
                        "a.b.c/1/2.html?param=1",
                        "a.b.c/1/2.html",
                        "a.b.c/",
                        "a.b.c/1/",
                        "b.c/1/2.html?param=1",
                        "b.c/1/2.html",
                        "b.c/",
                        "b.c/1/");
        assertThat(expressions("http://a.b.c.d.e.f.g/1.html"))
                .containsExactlyInAnyOrder(
                        "a.b.c.d.e.f.g/1.html",
                        "a.b.c.d.e.f.g/",
                        "c.d.e.f.g/1.html",
                        "c.d.e.f.g/",
                        "d.e.f.g/1.html",
                        "d.e.f.g/",
                        "e.f.g/1.html",
                        "e.f.g/",
                        "f.g/1.html",
                        "f.g/");
        assertThat(expressions("http://1.2.3.4/1/")).containsExactlyInAnyOrder("1.2.3.4/1/", "1.2.3.4/");
    }

    /** Cases from Google's reference client (urls_test.go, TestGeneratePatterns) that v4 shares. */
    @Test
    void generatesTheReferenceClientsPatterns() {
        assertThat(expressions("http://a.b.c/1/2/3/4/5/"))
                .containsExactlyInAnyOrder(
                        "a.b.c/1/2/3/4/5/",
                        "a.b.c/1/2/3/",
                        "a.b.c/1/2/",
                        "a.b.c/1/",
                        "a.b.c/",
                        "b.c/1/2/3/4/5/",
                        "b.c/1/2/3/",
                        "b.c/1/2/",
                        "b.c/1/",
                        "b.c/");
        assertThat(expressions("http://a.b.c.d.e/1.html"))
                .containsExactlyInAnyOrder(
                        "a.b.c.d.e/1.html",
                        "a.b.c.d.e/",
                        "b.c.d.e/1.html",
                        "b.c.d.e/",
                        "c.d.e/1.html",
                        "c.d.e/",
                        "d.e/1.html",
                        "d.e/");
        assertThat(expressions("http://[2001:470:1:18::114]/a/b"))
                .containsExactlyInAnyOrder(
                        "[2001:470:1:18::114]/a/b", "[2001:470:1:18::114]/a/", "[2001:470:1:18::114]/");
        assertThat(expressions("http://b/")).containsExactly("b/");
        assertThat(expressions("http://a.b/?")).containsExactlyInAnyOrder("a.b/?", "a.b/");
    }

    @Test
    void neverMoreThanFiveHostsTimesSixPathsAndTheMostSpecificFirst() {
        List<String> all = expressions("http://a.b.c.d.e.f.g.h.i.j/1/2/3/4/5/6/7.html?q=1");
        assertThat(all).hasSize(30).first().isEqualTo("a.b.c.d.e.f.g.h.i.j/1/2/3/4/5/6/7.html?q=1");
        assertThat(all).contains("f.g.h.i.j/1/2/3/", "i.j/").doesNotContain("j/", "b.c.d.e.f.g.h.i.j/");
        assertThat(all.subList(0, 6))
                .containsExactly(
                        "a.b.c.d.e.f.g.h.i.j/1/2/3/4/5/6/7.html?q=1",
                        "a.b.c.d.e.f.g.h.i.j/1/2/3/4/5/6/7.html",
                        "a.b.c.d.e.f.g.h.i.j/1/2/3/",
                        "a.b.c.d.e.f.g.h.i.j/1/2/",
                        "a.b.c.d.e.f.g.h.i.j/1/",
                        "a.b.c.d.e.f.g.h.i.j/");
    }
}
