package dev.outpost.lookup;

import java.util.List;
import java.util.Locale;

/**
 * What the lookup front ends tell monitoring: every outcome by kind, zone and source, every lookup
 * refused, every bulk request's size, and each endpoint's latency (issue 13). Only closed sets
 * become labels: never a queried object, never a client address. Implemented with Micrometer in
 * {@code dev.outpost.metrics}; {@link #NONE} where nothing is exported (the CLI, benchmarks).
 *
 * <p>The statistics (issue 14, {@code dev.outpost.stats}) listen on the same flow through {@link
 * #all}: the persisted counters always, and the query log only while an operator has turned it on,
 * so that a lookup does no query-log work at all otherwise.
 */
public interface LookupMetrics {
    /** What was looked up. */
    enum Kind {
        FILE,
        CERTIFICATE,
        URL,
        DOMAIN,
        IP;

        /** The label value. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which endpoint answered, single or bulk. */
    enum Endpoint {
        FILES(Kind.FILE),
        FILES_BULK(Kind.FILE),
        CERTIFICATES(Kind.CERTIFICATE),
        CERTIFICATES_BULK(Kind.CERTIFICATE),
        URLS(Kind.URL),
        URLS_BULK(Kind.URL),
        DOMAINS(Kind.DOMAIN),
        DOMAINS_BULK(Kind.DOMAIN),
        IPS(Kind.IP),
        IPS_BULK(Kind.IP),
        /** CIRCL hashlookup compatible endpoints under {@code /hashlookup/} (issue 16). */
        HASHLOOKUP(Kind.FILE),
        HASHLOOKUP_BULK(Kind.FILE),
        /** Kaspersky OpenTIP compatible searches under {@code /opentip/} (issue 16). */
        OPENTIP_HASH(Kind.FILE),
        OPENTIP_IP(Kind.IP),
        OPENTIP_DOMAIN(Kind.DOMAIN),
        OPENTIP_URL(Kind.URL),
        /** The DNS front end's zones (issue 16): file hashes (MHR and hashlookup styles), addresses, domains. */
        DNS_HASH(Kind.FILE),
        DNS_IP(Kind.IP),
        DNS_DOMAIN(Kind.DOMAIN);

        private final Kind kind;

        Endpoint(Kind kind) {
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        /** The label value. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why a lookup was not answered. */
    enum Rejection {
        INVALID_INPUT,
        NO_DATASET;

        /** The label value. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One single lookup's outcome. */
    void answered(Kind kind, LookupOutcome outcome);

    /** A bulk request's outcomes (its size too); an invalid item counts as a rejection. */
    void answered(Kind kind, List<LookupOutcome> outcomes);

    /** A lookup that was refused before it had an outcome. */
    void rejected(Kind kind, Rejection rejection);

    /** How long an endpoint took to answer, from the request's body to the answer's bytes. */
    void answeredIn(Endpoint endpoint, long nanos);

    /**
     * Tells every one of {@code listeners}, in order, what each one would be told alone. The hot path
     * walks a fixed array: no allocation per lookup.
     */
    static LookupMetrics all(List<LookupMetrics> listeners) {
        LookupMetrics[] parts = listeners.stream().filter(l -> l != NONE).toArray(LookupMetrics[]::new);
        if (parts.length == 0) {
            return NONE;
        }
        if (parts.length == 1) {
            return parts[0];
        }
        return new LookupMetrics() {
            @Override
            public void answered(Kind kind, LookupOutcome outcome) {
                for (LookupMetrics part : parts) {
                    part.answered(kind, outcome);
                }
            }

            @Override
            public void answered(Kind kind, List<LookupOutcome> outcomes) {
                for (LookupMetrics part : parts) {
                    part.answered(kind, outcomes);
                }
            }

            @Override
            public void rejected(Kind kind, Rejection rejection) {
                for (LookupMetrics part : parts) {
                    part.rejected(kind, rejection);
                }
            }

            @Override
            public void answeredIn(Endpoint endpoint, long nanos) {
                for (LookupMetrics part : parts) {
                    part.answeredIn(endpoint, nanos);
                }
            }
        };
    }

    /** Records nothing. */
    LookupMetrics NONE = new LookupMetrics() {
        @Override
        public void answered(Kind kind, LookupOutcome outcome) {}

        @Override
        public void answered(Kind kind, List<LookupOutcome> outcomes) {}

        @Override
        public void rejected(Kind kind, Rejection rejection) {}

        @Override
        public void answeredIn(Endpoint endpoint, long nanos) {}
    };
}
