package dev.outpost.lookup;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.outpost.local.LocalIndex;
import dev.outpost.reputation.DomainKey;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.UrlKey;
import dev.outpost.reputation.Verdict;
import dev.outpost.reputation.Zone;
import dev.outpost.store.Generation;
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
    private final Snapshots snapshots;

    public WebLookupService(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    /**
     * One place a verdict may come from, in order of specificity. Its text ({@code host + path}, or
     * the host alone) is built only for the candidate that matches.
     */
    private record Candidate(Match.Type type, String host, String path, KeySpace space, byte[] key) {
        static Candidate of(Match.Type type, String text, KeySpace space, byte[] key) {
            return new Candidate(type, text, null, space, key);
        }

        Match match() {
            return new Match(type, path == null ? host : host + path);
        }
    }

    /**
     * URLs and addresses are parsed as they are answered, one at a time, so that a bulk request
     * never holds all of its parsed items at once.
     */
    private static final BulkLookup.Items<String> URLS = new WebItems("urls", WebLookupService::url);

    private static final BulkLookup.Items<String> ADDRESSES = new WebItems("addresses", WebLookupService::ip);

    /**
     * Domains are canonicalized before the snapshot is taken, as a single domain lookup does, so
     * that a bulk item is answered exactly as the single lookup of the same name.
     */
    private static final BulkLookup.Items<String> DOMAINS = new DomainItems();

    public LookupOutcome url(String query) {
        try (Snapshot snapshot = snapshots.open()) {
            return url(query, snapshot);
        }
    }

    public List<LookupOutcome> urls(List<String> queries) {
        return BulkLookup.answer(queries, URLS, snapshots);
    }

    public LookupOutcome domain(String query) {
        String domain = Domains.canonical(query);
        try (Snapshot snapshot = snapshots.open()) {
            return domain(query, domain, snapshot);
        }
    }

    public List<LookupOutcome> domains(List<String> queries) {
        return BulkLookup.answer(queries, DOMAINS, snapshots);
    }

    public LookupOutcome ip(String query) {
        try (Snapshot snapshot = snapshots.open()) {
            return ip(query, snapshot);
        }
    }

    public List<LookupOutcome> ips(List<String> queries) {
        return BulkLookup.answer(queries, ADDRESSES, snapshots);
    }

    private static LookupOutcome url(String query, Snapshot snapshot) {
        Generation generation = snapshot.generation();
        LocalIndex local = snapshot.local();
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
                        Match.Type.URL,
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
                candidates.add(Candidate.of(Match.Type.DOMAIN, hosts.get(h), KeySpace.DOMAIN_SHA256, hostDigests[h]));
            }
        }
        return decide(query, new Subject.Url(url.toString()), candidates, snapshot, true);
    }

    /** {@code domain} is {@code query} canonicalized ({@link Domains#canonical}). */
    private static LookupOutcome domain(String query, String domain, Snapshot snapshot) {
        CanonicalUrl root = new CanonicalUrl("http", domain, "/", null);
        List<Candidate> candidates = new ArrayList<>();
        for (String host : UrlExpressions.hosts(root)) {
            candidates.add(Candidate.of(Match.Type.DOMAIN, host, KeySpace.DOMAIN_SHA256, DomainKey.of(host)));
            // A URL expression at a host's root covers the whole host too.
            candidates.add(Candidate.of(Match.Type.URL, host + "/", KeySpace.URL_EXPRESSION, UrlKey.of(host + "/")));
        }
        return decide(query, new Subject.Domain(domain), candidates, snapshot, true);
    }

    private static LookupOutcome ip(String query, Snapshot snapshot) {
        IpRange address = IpRange.address(query);
        String text = address.toString();
        Subject subject = new Subject.Address(text.substring(0, text.indexOf('/')));
        return decide(query, subject, ipCandidates(address, snapshot.generation(), snapshot.local()), snapshot, false);
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
            candidates.add(Candidate.of(Match.Type.IP, range.toString(), KeySpace.IP_RANGE, range.key()));
        }
        return candidates;
    }

    /**
     * Picks the verdict. A local verdict wins over vendor data, the most specific one first (ADR
     * 0009). Otherwise every candidate is read: with {@code mostSevere}, the most severe zone and
     * then the first (most specific) candidate wins; without, simply the first hit.
     */
    private static LookupOutcome decide(
            String query, Subject subject, List<Candidate> candidates, Snapshot snapshot, boolean mostSevere) {
        LocalIndex local = snapshot.local();
        if (local.size() > 0) {
            for (Candidate candidate : candidates) {
                LocalIndex.Entry entry = local.find(candidate.space(), candidate.key());
                if (entry != null) {
                    return new LookupOutcome.LocalOverride(
                            query, subject, entry.verdict(), candidate.match(), Source.Local.of(entry));
                }
            }
        }
        Generation generation = snapshot.generation();
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
        if (best < 0) {
            return new LookupOutcome.Unknown(query, subject, snapshot.vendor());
        }
        return new LookupOutcome.Known(
                query, subject, bestVerdict, candidates.get(best).match(), snapshot.vendor());
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

    /** URLs or addresses in a bulk request: a null item is an invalid request, as it always was. */
    private record WebItems(String field, Lookup lookup) implements BulkLookup.Items<String> {
        @Override
        public String nullItemType() {
            return "invalid-request";
        }

        @Override
        public String parse(String query) {
            return query;
        }

        @Override
        public LookupOutcome answer(String query, String item, Snapshot snapshot) {
            return lookup.answer(query, snapshot);
        }
    }

    /** Domains in a bulk request: a null item is an invalid request, as for URLs and addresses. */
    private record DomainItems() implements BulkLookup.Items<String> {
        @Override
        public String field() {
            return "domains";
        }

        @Override
        public String nullItemType() {
            return "invalid-request";
        }

        @Override
        public String parse(String query) {
            return Domains.canonical(query);
        }

        @Override
        public LookupOutcome answer(String query, String domain, Snapshot snapshot) {
            return domain(query, domain, snapshot);
        }
    }

    @FunctionalInterface
    private interface Lookup {
        LookupOutcome answer(String query, Snapshot snapshot);
    }
}
