package dev.outpost.lookup;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.outpost.local.LocalIndex;
import dev.outpost.local.LocalVerdicts;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.DomainKey;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.UrlKey;
import dev.outpost.reputation.Verdict;
import dev.outpost.reputation.Zone;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.Generation;
import dev.outpost.store.GenerationStore;
import dev.outpost.web.CanonicalUrl;
import dev.outpost.web.Domains;
import dev.outpost.web.IpRange;
import dev.outpost.web.UrlExpressions;

/**
 * Answers for URLs, domains and IP addresses (ADR 0008). Every candidate key of a query is read in
 * multi-gets from one lease. Among matches the most severe zone wins (RED over YELLOW over GREEN),
 * so a trusted host never hides a phishing path under it; equal severity goes to the most specific
 * candidate. IP addresses take the longest matching prefix.
 */
@ApplicationScoped
public class WebLookupService {
    private final GenerationStore store;
    private final Supplier<LocalIndex> local;

    @Inject
    public WebLookupService(GenerationStore store, LocalVerdicts localVerdicts) {
        this(store, localVerdicts::current);
    }

    /** Vendor data only: benchmarks and store tests. */
    public WebLookupService(GenerationStore store) {
        this(store, () -> LocalIndex.EMPTY);
    }

    private WebLookupService(GenerationStore store, Supplier<LocalIndex> local) {
        this.store = store;
        this.local = local;
    }

    /**
     * One place a verdict may come from, in order of specificity. Its text ({@code host + path}, or
     * the host alone) is built only for the candidate that matches.
     */
    private record Candidate(String type, String host, String path, KeySpace space, byte[] key) {
        static Candidate of(String type, String text, KeySpace space, byte[] key) {
            return new Candidate(type, text, null, space, key);
        }

        String text() {
            return path == null ? host : host + path;
        }
    }

    public WebAnswer url(String query) {
        try (Generation generation = lease()) {
            return url(query, generation, local.get());
        }
    }

    public List<WebAnswer> urls(List<String> queries) {
        return bulk(queries, "urls", this::url);
    }

    public WebAnswer domain(String query) {
        String domain = Domains.canonical(query);
        try (Generation generation = lease()) {
            CanonicalUrl root = new CanonicalUrl("http", domain, "/", null);
            List<Candidate> candidates = new ArrayList<>();
            for (String host : UrlExpressions.hosts(root)) {
                candidates.add(Candidate.of("domain", host, KeySpace.DOMAIN_SHA256, DomainKey.of(host)));
                // A URL expression at a host's root covers the whole host too.
                candidates.add(Candidate.of("url", host + "/", KeySpace.URL_EXPRESSION, UrlKey.of(host + "/")));
            }
            return decide(new Subject(query, null, domain, null), candidates, generation, true, local.get());
        }
    }

    public WebAnswer ip(String query) {
        try (Generation generation = lease()) {
            return ip(query, generation, local.get());
        }
    }

    public List<WebAnswer> ips(List<String> queries) {
        return bulk(queries, "addresses", this::ip);
    }

    private WebAnswer url(String query, Generation generation, LocalIndex local) {
        CanonicalUrl url = CanonicalUrl.parse(query);
        List<String> hosts = UrlExpressions.hosts(url);
        byte[][] hostDigests = new byte[hosts.size()][];
        // A URL key starts with its host's digest, so a host under which neither the dataset nor a
        // local verdict lists anything costs one hash and no expression keys (ADR 0008). For most
        // URLs that is every host, and the paths are not even computed.
        List<String> paths = null;
        byte[][] pathBytes = null;
        List<Candidate> candidates = new ArrayList<>();
        for (int h = 0; h < hosts.size(); h++) {
            String host = hosts.get(h);
            hostDigests[h] = DomainKey.of(host);
            if (!generation.mayContainLeading(KeySpace.URL_EXPRESSION, hostDigests[h])
                    && !local.mayHaveUrlsUnder(hostDigests[h])) {
                continue;
            }
            if (paths == null) {
                paths = UrlExpressions.paths(url);
                pathBytes = new byte[paths.size()][];
                for (int p = 0; p < pathBytes.length; p++) {
                    pathBytes[p] = UrlKey.ascii(paths.get(p));
                }
            }
            // The expressions of UrlExpressions.of, in its order, keyed without building them.
            byte[] hostBytes = UrlKey.ascii(host);
            for (int p = 0; p < pathBytes.length; p++) {
                candidates.add(new Candidate(
                        "url",
                        host,
                        paths.get(p),
                        KeySpace.URL_EXPRESSION,
                        UrlKey.of(hostDigests[h], hostBytes, pathBytes[p])));
            }
        }
        if (url.hostIsIp()) {
            candidates.addAll(ipCandidates(IpRange.address(url.host()), generation, local));
        } else {
            for (int h = 0; h < hosts.size(); h++) {
                candidates.add(Candidate.of("domain", hosts.get(h), KeySpace.DOMAIN_SHA256, hostDigests[h]));
            }
        }
        return decide(new Subject(query, url.toString(), null, null), candidates, generation, true, local);
    }

    private WebAnswer ip(String query, Generation generation, LocalIndex local) {
        IpRange address = IpRange.address(query);
        String text = address.toString();
        Subject subject = new Subject(query, null, null, text.substring(0, text.indexOf('/')));
        return decide(subject, ipCandidates(address, generation, local), generation, false, local);
    }

    /**
     * The address's network at every prefix length the generation or the local verdicts hold for
     * its family, longest first: the candidates of a longest-prefix match, one key per length.
     */
    private static List<Candidate> ipCandidates(IpRange address, Generation generation, LocalIndex local) {
        int[] vendor = generation.ipPrefixLengths(address.family());
        int[] own = local.ipPrefixLengths(address.family());
        List<Candidate> candidates = new ArrayList<>(vendor.length + own.length);
        // Both lists run longest first: merge them, each length once.
        int v = 0;
        int o = 0;
        while (v < vendor.length || o < own.length) {
            int length = o == own.length || (v < vendor.length && vendor[v] >= own[o]) ? vendor[v] : own[o];
            while (v < vendor.length && vendor[v] == length) {
                v++;
            }
            while (o < own.length && own[o] == length) {
                o++;
            }
            IpRange range = address.network(length);
            candidates.add(Candidate.of("ip", range.toString(), KeySpace.IP_RANGE, range.key()));
        }
        return candidates;
    }

    /** A query and what the service computed from it: a canonical URL, a domain or an address. */
    private record Subject(String query, String canonicalUrl, String canonicalDomain, String address) {
        /** The answer: {@code verdict} null for unknown; an operator's verdict carries no popularity. */
        WebAnswer answer(Verdict verdict, Candidate match, Answer.Source source) {
            if (verdict == null) {
                return new WebAnswer(
                        query,
                        canonicalUrl,
                        canonicalDomain,
                        address,
                        Zone.GREY,
                        Category.UNKNOWN,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        source,
                        null);
            }
            return new WebAnswer(
                    query,
                    canonicalUrl,
                    canonicalDomain,
                    address,
                    verdict.zone(),
                    verdict.category(),
                    verdict.threatName(),
                    verdict.firstSeen(),
                    verdict.lastSeen(),
                    "local".equals(source.type()) ? null : verdict.popularity(),
                    match.type(),
                    match.text(),
                    source,
                    null);
        }
    }

    /**
     * Picks the verdict. A local verdict wins over vendor data, the most specific one first (ADR
     * 0009). Otherwise every candidate is read: with {@code mostSevere}, the most severe zone and
     * then the first (most specific) candidate wins; without, simply the first hit.
     */
    private static WebAnswer decide(
            Subject subject, List<Candidate> candidates, Generation generation, boolean mostSevere, LocalIndex local) {
        if (local.size() > 0) {
            for (Candidate candidate : candidates) {
                LocalIndex.Entry entry = local.find(candidate.space(), candidate.key());
                if (entry != null) {
                    return subject.answer(
                            entry.verdict(), candidate, Answer.Source.local(entry.id(), entry.createdBy()));
                }
            }
        }
        byte[][] values = read(candidates, generation);
        int best = -1;
        Verdict bestVerdict = null;
        for (int i = 0; i < candidates.size(); i++) {
            byte[] value = values[i];
            if (value == null) {
                continue;
            }
            Candidate candidate = candidates.get(i);
            Verdict verdict = RecordCodec.decode(candidate.space(), candidate.key(), value, generation.threatNames())
                    .verdict();
            if (best < 0 || (mostSevere && severity(verdict.zone()) > severity(bestVerdict.zone()))) {
                best = i;
                bestVerdict = verdict;
            }
            if (!mostSevere) {
                break;
            }
        }
        DatasetInfo info = generation.info();
        return subject.answer(
                bestVerdict,
                best < 0 ? null : candidates.get(best),
                Answer.Source.vendor(info.dataset(), info.sequence()));
    }

    private static final KeySpace[] WEB_SPACES = {KeySpace.URL_EXPRESSION, KeySpace.DOMAIN_SHA256, KeySpace.IP_RANGE};

    /** One multi-get per key space, results back in candidate order. */
    private static byte[][] read(List<Candidate> candidates, Generation generation) {
        byte[][] values = new byte[candidates.size()][];
        int[] positions = new int[candidates.size()];
        for (KeySpace space : WEB_SPACES) {
            List<byte[]> keys = new ArrayList<>(candidates.size());
            for (int i = 0; i < candidates.size(); i++) {
                if (candidates.get(i).space() == space) {
                    positions[keys.size()] = i;
                    keys.add(candidates.get(i).key());
                }
            }
            if (keys.isEmpty()) {
                continue;
            }
            List<byte[]> found = generation.getAll(space, keys);
            for (int j = 0; j < keys.size(); j++) {
                values[positions[j]] = found.get(j);
            }
        }
        return values;
    }

    private static int severity(Zone zone) {
        return switch (zone) {
            case RED -> 3;
            case YELLOW -> 2;
            case GREEN -> 1;
            case GREY -> 0;
        };
    }

    private List<WebAnswer> bulk(List<String> queries, String field, ItemLookup lookup) {
        if (queries == null) {
            throw new InvalidInputException("invalid-request", "request body needs a '" + field + "' array", null);
        }
        if (queries.size() > LookupService.MAX_BULK_ITEMS) {
            throw new TooManyItemsException(queries.size(), LookupService.MAX_BULK_ITEMS);
        }
        List<WebAnswer> answers = new ArrayList<>(queries.size());
        // One lease and one snapshot of the local verdicts for the whole request: no two answers
        // come from different datasets or different local verdicts.
        LocalIndex localIndex = local.get();
        try (Generation generation = lease()) {
            for (String query : queries) {
                try {
                    if (query == null) {
                        throw new InvalidInputException("invalid-request", "item is null", null);
                    }
                    answers.add(lookup.apply(query, generation, localIndex));
                } catch (InvalidInputException e) {
                    answers.add(WebAnswer.invalid(query, new Answer.ItemError(e.problemType(), e.detail())));
                }
            }
        }
        return answers;
    }

    @FunctionalInterface
    private interface ItemLookup {
        WebAnswer apply(String query, Generation generation, LocalIndex local);
    }

    private Generation lease() {
        return store.acquire().orElseThrow(NoDatasetException::new);
    }
}
