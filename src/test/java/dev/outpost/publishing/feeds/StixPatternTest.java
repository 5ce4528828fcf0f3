package dev.outpost.publishing.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class StixPatternTest {
    /** Each alternative as "type:property op value & …"; an unmappable one as "-". */
    private static List<String> alternatives(String pattern) {
        return StixPattern.parse(pattern).alternatives().stream()
                .map(alternative -> alternative.isEmpty()
                        ? "-"
                        : alternative.stream()
                                .map(c -> c.objectType() + ":" + c.property() + " " + c.operator() + " " + c.value())
                                .collect(Collectors.joining(" & ")))
                .toList();
    }

    @Test
    void splitsOrIntoAlternativesAndKeepsAndWithinAnObservation() {
        assertThat(alternatives("[file:hashes.'SHA-256' = 'ab' OR file:hashes.MD5 = 'cd']"))
                .containsExactly("file:hashes.'SHA-256' = ab", "file:hashes.MD5 = cd");
        assertThat(alternatives("[a:value = 'x'] or [b:value = 'y']")).containsExactly("a:value = x", "b:value = y");
        assertThat(alternatives("[file:hashes.MD5 = 'a' AND (file:name = 'n' OR file:size = 3)]"))
                .containsExactly("file:hashes.MD5 = a & file:name = n", "file:hashes.MD5 = a & file:size = null");
        assertThat(alternatives("[domain-name:value IN ('a.example', 'b.example')]"))
                .containsExactly("domain-name:value = a.example", "domain-name:value = b.example");
    }

    @Test
    void whatARecordCannotHoldIsOneUnmappableAlternative() {
        assertThat(alternatives("[a:value = 'x'] AND [b:value = 'y']")).containsExactly("-");
        assertThat(alternatives("[a:value = 'x'] FOLLOWEDBY [b:value = 'y']")).containsExactly("-");
        assertThat(alternatives("[a:value = 'x'] WITHIN 60 SECONDS")).containsExactly("-");
        assertThat(alternatives("[a:value = 'x'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'"))
                .containsExactly("-");
        assertThat(alternatives("[a:value NOT = 'x' OR b:value = 'y']")).containsExactly("-", "b:value = y");
        assertThat(alternatives("[EXISTS windows-registry-key:values]")).containsExactly("-");
    }

    @Test
    void readsEscapesQuotedPathSegmentsAndOtherLiterals() {
        assertThat(alternatives("[url:value = 'http://a.example/it\\'s\\\\x']"))
                .containsExactly("url:value = http://a.example/it's\\x");
        assertThat(alternatives("[file:extensions.'windows-pebinary-ext'.sections[*].name = 'UPX0']"))
                .containsExactly("file:extensions.'windows-pebinary-ext'.sections[*].name = UPX0");
        assertThat(alternatives("[file:hashes.MD5 = h'ff']")).containsExactly("file:hashes.MD5 = null");
    }

    @Test
    void refusesMalformedPatternsNamingThePlace() {
        assertThatThrownBy(() -> StixPattern.parse("[url:value = 'x'"))
                .hasMessage("pattern: expected ']' at character 17");
        assertThatThrownBy(() -> StixPattern.parse("url:value = 'x'"))
                .hasMessage("pattern: expected '[' or '(' at character 1");
        assertThatThrownBy(() -> StixPattern.parse("[url:value = 'x]")).hasMessageContaining("no closing quote");
        assertThatThrownBy(() -> StixPattern.parse("[url:value ~ 'x']"))
                .hasMessageContaining("expected a comparison operator");
        assertThatThrownBy(() -> StixPattern.parse("[url:value = 'x'] garbage"))
                .hasMessageContaining("unexpected 'garbage'");
    }

    @Test
    void boundsNestingAndTheWorkOfLongAndChains() {
        String md5 = "file:hashes.MD5 = '44d88612fea8a8f36de82e1278abb02f'";
        assertThat(StixPattern.parse("[" + "(".repeat(30) + md5 + ")".repeat(30) + "]")
                        .alternatives())
                .hasSize(1);
        assertThatThrownBy(() -> StixPattern.parse("[" + "(".repeat(20_000) + md5 + ")".repeat(20_000) + "]"))
                .hasMessageContaining("more than 32 deep");
        assertThatThrownBy(() -> StixPattern.parse("(".repeat(5_000) + "[" + md5 + "]" + ")".repeat(5_000)))
                .hasMessageContaining("more than 32 deep");
        String wide = "(" + String.join(" OR ", java.util.Collections.nCopies(900, md5)) + ")";
        String chain = "[" + wide + (" AND " + md5).repeat(100) + "]";
        assertThatThrownBy(() -> StixPattern.parse(chain)).hasMessageContaining("too long to expand");
    }

    @Test
    void boundsTheAlternativesAPatternExpandsTo() {
        String hundred = "[a:v IN (" + "'x', ".repeat(99) + "'x')";
        String pattern = hundred + " AND " + hundred.substring(1) + " AND " + hundred.substring(1) + "]";
        assertThatThrownBy(() -> StixPattern.parse(pattern)).hasMessageContaining("more than 10000 alternatives");
        assertThatThrownBy(() -> StixPattern.parse("[a:v = '" + "x".repeat(70_000) + "']"))
                .hasMessageContaining("longer than 65536 characters");
    }
}
