package dev.outpost.dns;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.outpost.lookup.LookupMetrics.Endpoint;
import dev.outpost.lookup.LookupOutcome;
import dev.outpost.lookup.LookupService;
import dev.outpost.lookup.MeteredAnswers;
import dev.outpost.lookup.WebLookupService;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.GenerationStore;

/**
 * What the zones look up, through the same services and the same metering as the native API, so that
 * local verdicts, metrics and statistics treat a DNS query as the REST lookup of the same object.
 * Every method may block on the store: callers run them off the network event loop.
 */
@ApplicationScoped
public class DnsLookups {
    private final LookupService files;
    private final WebLookupService web;
    private final MeteredAnswers metered;
    private final GenerationStore store;

    public DnsLookups(LookupService files, WebLookupService web, MeteredAnswers metered, GenerationStore store) {
        this.files = files;
        this.web = web;
        this.metered = metered;
        this.store = store;
    }

    /** A file digest, as {@code GET /api/v1/files/{hash}} looks it up. */
    public LookupOutcome file(String hex) {
        return metered.outcome(Endpoint.DNS_HASH, () -> files.file(hex));
    }

    /** An address, as {@code GET /api/v1/ips/{address}} looks it up. */
    public LookupOutcome ip(String address) {
        return metered.outcome(Endpoint.DNS_IP, () -> web.ip(address));
    }

    /** A domain, as {@code GET /api/v1/domains/{domain}} looks it up. */
    public LookupOutcome domain(String domain) {
        return metered.outcome(Endpoint.DNS_DOMAIN, () -> web.domain(domain));
    }

    /** The active dataset, for SOA serials and hashlookup's {@code info}. */
    public Optional<DatasetInfo> dataset() {
        return store.activeInfo();
    }
}
