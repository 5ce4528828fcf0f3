package dev.outpost.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.outpost.lookup.AnswerJson.Escaping;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.Verdict;

/**
 * The one writer must produce what Jackson produces for the schema records {@link Answer} and
 * {@link WebAnswer}: the same bytes for every answer, and for web answers the same bytes whatever
 * their strings hold, since Jackson wrote those until they moved to this writer.
 */
class AnswerJsonTest {
    /** Configured like Quarkus's object mapper for these records. */
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";
    private static final String EICAR_SHA1 = "3395856ce81f2b7382dee72602f798b642f14140";
    private static final Source.Vendor DEMO = new Source.Vendor("demo", 7);
    private static final Verdict EICAR = new Verdict(
            Category.MALWARE, "EICAR-Test-File", LocalDate.of(2006, 5, 5), LocalDate.of(2026, 11, 20), 1_500_000);

    private static final LookupOutcome HIT = new LookupOutcome.Known(
            EICAR_MD5.toUpperCase(),
            new Subject.Digest(HashType.MD5, new FileHashes(Hash.parse(EICAR_MD5), Hash.parse(EICAR_SHA1), null)),
            EICAR,
            null,
            DEMO);
    private static final LookupOutcome MISS =
            new LookupOutcome.Unknown("0".repeat(64), Subject.Digest.of(HashType.SHA256, null), DEMO);

    /**
     * A local verdict (ADR 0009): its source has an id and an operator instead of a dataset, and
     * whatever its verdict says of popularity, an operator's verdict claims none.
     */
    private static final LookupOutcome LOCAL = new LookupOutcome.LocalOverride(
            EICAR_MD5,
            new Subject.Digest(HashType.MD5, new FileHashes(Hash.parse(EICAR_MD5), null, null)),
            new Verdict(Category.TRUSTED, null, null, null, 5),
            null,
            new Source.Local(12, "alice \"the\" operator"));

    private static final LookupOutcome URL_HIT = new LookupOutcome.Known(
            "HTTP://TestSafeBrowsing.appspot.com/s/%70hishing.html#top",
            new Subject.Url("http://testsafebrowsing.appspot.com/s/phishing.html"),
            new Verdict(Category.PHISHING, "Test.Phishing.Page", LocalDate.of(2016, 1, 1), null, 0),
            new Match(Match.Type.URL, "testsafebrowsing.appspot.com/s/phishing.html"),
            DEMO);
    private static final LookupOutcome DOMAIN_LOCAL = new LookupOutcome.LocalOverride(
            "Deep.Sub.Example.",
            new Subject.Domain("deep.sub.example"),
            new Verdict(Category.CLEAN, "Cleared by \"ops\"", null, null, 0),
            new Match(Match.Type.DOMAIN, "sub.example"),
            new Source.Local(3, "bob"));
    private static final LookupOutcome IP_HIT = new LookupOutcome.Known(
            "192.0.2.55",
            new Subject.Address("192.0.2.55"),
            new Verdict(Category.SUSPICIOUS, null, null, LocalDate.of(2026, 11, 20), 120),
            new Match(Match.Type.IP, "192.0.2.0/24"),
            DEMO);
    private static final LookupOutcome IP_MISS =
            new LookupOutcome.Unknown("2001:DB8::1", new Subject.Address("2001:db8::1"), DEMO);

    private static LookupOutcome invalid(String query) {
        return new LookupOutcome.InvalidInput(
                query, "invalid-hash", "hash has " + (query == null ? 0 : query.length()) + " characters");
    }

    @Test
    void writesTheSameBytesAsJacksonForHashAnswers() throws Exception {
        for (LookupOutcome outcome : List.of(HIT, MISS, LOCAL, invalid("xyz"), invalid(null))) {
            assertThat(text(AnswerJson.single(outcome, Escaping.HASH_ANSWERS))).isEqualTo(jackson(answer(outcome)));
        }
        List<LookupOutcome> bulk = List.of(MISS, HIT, LOCAL, invalid("nope"));
        assertThat(text(AnswerJson.bulk(bulk, Escaping.HASH_ANSWERS)))
                .isEqualTo(jackson(new BulkResponse(
                        bulk.stream().map(AnswerJsonTest::answer).toList())));
    }

    @Test
    void writesTheSameBytesAsJacksonForWebAnswers() throws Exception {
        List<LookupOutcome> outcomes =
                List.of(URL_HIT, DOMAIN_LOCAL, IP_HIT, IP_MISS, invalid("mailto:x"), invalid(null));
        for (LookupOutcome outcome : outcomes) {
            assertThat(text(AnswerJson.single(outcome, Escaping.WEB_ANSWERS))).isEqualTo(jackson(webAnswer(outcome)));
        }
        assertThat(text(AnswerJson.bulk(outcomes, Escaping.WEB_ANSWERS)))
                .isEqualTo(jackson(new WebResource.WebBulkResponse(
                        outcomes.stream().map(AnswerJsonTest::webAnswer).toList())));
    }

    @Test
    void anOperatorsVerdictCarriesNoPopularity() {
        assertThat(text(AnswerJson.single(LOCAL, Escaping.HASH_ANSWERS))).doesNotContain("popularity");
        assertThat(text(AnswerJson.single(DOMAIN_LOCAL, Escaping.WEB_ANSWERS))).doesNotContain("popularity");
        assertThat(text(AnswerJson.single(IP_HIT, Escaping.WEB_ANSWERS))).contains("\"popularity\":120");
    }

    private static final List<String> HOSTILE = List.of(
            "quote\"back\\slash",
            "tab\tnew\nline\rcr\bbackspace\fformfeed",
            "\u0000\u0001\u000b\u001f",
            "ünïcödé — 東京 \u2028\u2029",
            "emoji 😀 pair",
            "x".repeat(5000) + "\"",
            "\u007f del \u0080\u009f C1",
            "plain then ünï then \"quoted\" and \\ then 😀 end");

    @Test
    void escapesWebAnswersByteForByteAsJacksonDid() throws Exception {
        List<String> strings = new ArrayList<>(HOSTILE);
        strings.add("lone \ud800 high, lone \udc00 low, reversed \udc00\ud800, at the end \ud83d");
        // Random UTF-16, surrogates and control characters included: any difference is a wire change.
        SplittableRandom random = new SplittableRandom(20261130L);
        for (int s = 0; s < 300; s++) {
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(40); c > 0; c--) {
                text.append((char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x10000)));
            }
            strings.add(text.toString());
        }
        for (String text : strings) {
            List<LookupOutcome> outcomes = hostileWebAnswers(text);
            assertThat(text(AnswerJson.bulk(outcomes, Escaping.WEB_ANSWERS)))
                    .as("%s", text.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(jackson(new WebResource.WebBulkResponse(
                            outcomes.stream().map(AnswerJsonTest::webAnswer).toList())));
        }
    }

    @Test
    void escapesHashAnswersToTheSameValues() throws Exception {
        List<LookupOutcome> outcomes = new ArrayList<>();
        for (String text : HOSTILE) {
            outcomes.add(invalid(text));
            // A threat name holds no control characters and at most 200 bytes (Verdict refuses them).
            String threatName = text.codePoints()
                    .filter(c -> !Character.isISOControl(c))
                    .limit(50)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    .toString();
            outcomes.add(new LookupOutcome.Known(
                    text,
                    Subject.Digest.of(HashType.MD5, null),
                    new Verdict(Category.MALWARE, threatName, null, null, 1),
                    null,
                    DEMO));
        }
        byte[] ours = AnswerJson.bulk(outcomes, Escaping.HASH_ANSWERS);
        // Parsed trees are compared: both are valid JSON for the same strings, escaping style aside.
        assertThat(JACKSON.readTree(ours))
                .isEqualTo(JACKSON.readTree(JACKSON.writeValueAsBytes(new BulkResponse(
                        outcomes.stream().map(AnswerJsonTest::answer).toList()))));
    }

    @Test
    void growsForLargeBulkAnswers() throws Exception {
        List<LookupOutcome> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(i % 2 == 0 ? HIT : MISS);
        }
        assertThat(JACKSON.readTree(AnswerJson.bulk(many, Escaping.HASH_ANSWERS))
                        .get("results")
                        .size())
                .isEqualTo(10_000);
    }

    /** {@code text} in every string of a web answer that can hold one. */
    private static List<LookupOutcome> hostileWebAnswers(String text) {
        Verdict verdict = new Verdict(Category.MALWARE, null, null, null, 1);
        return List.of(
                new LookupOutcome.Known(
                        text,
                        new Subject.Url(text),
                        verdict,
                        new Match(Match.Type.URL, text),
                        new Source.Vendor(text, 1)),
                new LookupOutcome.LocalOverride(
                        text,
                        new Subject.Domain(text),
                        verdict,
                        new Match(Match.Type.DOMAIN, text),
                        new Source.Local(1, text)),
                new LookupOutcome.Unknown(text, new Subject.Address(text), DEMO),
                new LookupOutcome.InvalidInput(text, "invalid-url", text));
    }

    /**
     * Jackson's bytes, as the server wrote them to the response stream: its UTF-8 generator, which
     * escapes surrogates where its String output would not.
     */
    private static String jackson(Object value) throws Exception {
        return text(JACKSON.writeValueAsBytes(value));
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    /** The file or certificate answer the services built before outcomes existed. */
    private static Answer answer(LookupOutcome outcome) {
        if (outcome instanceof LookupOutcome.InvalidInput invalid) {
            return new Answer(invalid.query(), null, null, null, null, null, null, null, null, null, error(invalid));
        }
        Subject.Digest subject = (Subject.Digest) subject(outcome);
        FileHashes digests = subject.digests();
        Answer.Hashes hashes = digests == null
                ? null
                : new Answer.Hashes(hex(digests.md5()), hex(digests.sha1()), hex(digests.sha256()));
        Verdict verdict = verdict(outcome);
        return new Answer(
                outcome.query(),
                subject.type().label(),
                verdict == null ? dev.outpost.reputation.Zone.GREY : verdict.zone(),
                verdict == null ? Category.UNKNOWN : verdict.category(),
                verdict == null ? null : verdict.threatName(),
                verdict == null ? null : verdict.firstSeen(),
                verdict == null ? null : verdict.lastSeen(),
                outcome instanceof LookupOutcome.Known ? verdict.popularity() : null,
                hashes,
                source(outcome),
                null);
    }

    /** The web answer the service built before outcomes existed. */
    private static WebAnswer webAnswer(LookupOutcome outcome) {
        if (outcome instanceof LookupOutcome.InvalidInput invalid) {
            return new WebAnswer(
                    invalid.query(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    error(invalid));
        }
        Subject subject = subject(outcome);
        Verdict verdict = verdict(outcome);
        Match match = outcome instanceof LookupOutcome.Known known
                ? known.match()
                : outcome instanceof LookupOutcome.LocalOverride local ? local.match() : null;
        return new WebAnswer(
                outcome.query(),
                subject instanceof Subject.Url url ? url.canonicalUrl() : null,
                subject instanceof Subject.Domain domain ? domain.canonicalDomain() : null,
                subject instanceof Subject.Address address ? address.address() : null,
                verdict == null ? dev.outpost.reputation.Zone.GREY : verdict.zone(),
                verdict == null ? Category.UNKNOWN : verdict.category(),
                verdict == null ? null : verdict.threatName(),
                verdict == null ? null : verdict.firstSeen(),
                verdict == null ? null : verdict.lastSeen(),
                outcome instanceof LookupOutcome.Known ? verdict.popularity() : null,
                match == null ? null : match.type().label(),
                match == null ? null : match.expression(),
                source(outcome),
                null);
    }

    private static Subject subject(LookupOutcome outcome) {
        if (outcome instanceof LookupOutcome.Known known) {
            return known.subject();
        }
        if (outcome instanceof LookupOutcome.LocalOverride local) {
            return local.subject();
        }
        return ((LookupOutcome.Unknown) outcome).subject();
    }

    private static Verdict verdict(LookupOutcome outcome) {
        if (outcome instanceof LookupOutcome.Known known) {
            return known.verdict();
        }
        return outcome instanceof LookupOutcome.LocalOverride local ? local.verdict() : null;
    }

    private static Answer.Source source(LookupOutcome outcome) {
        Source source = outcome instanceof LookupOutcome.Known known
                ? known.source()
                : outcome instanceof LookupOutcome.LocalOverride local
                        ? local.source()
                        : ((LookupOutcome.Unknown) outcome).source();
        if (source instanceof Source.Local local) {
            return new Answer.Source("local", null, null, local.localVerdictId(), local.createdBy());
        }
        Source.Vendor vendor = (Source.Vendor) source;
        return new Answer.Source("vendor", vendor.dataset(), vendor.sequence(), null, null);
    }

    private static Answer.ItemError error(LookupOutcome.InvalidInput invalid) {
        return new Answer.ItemError(invalid.problemType(), invalid.detail());
    }

    private static String hex(Hash hash) {
        return hash == null ? null : hash.hex();
    }
}
