package dev.outpost.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;

import dev.outpost.local.LocalIndex;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.Generation;
import dev.outpost.web.IpRange;

/**
 * Writes a Response Policy Zone (draft-vixie-dnsop-dns-rpz, interop.md §3.4, docs/exports.md) of
 * the malicious domains and IP ranges of one generation, local verdicts applied, in one streaming
 * pass:
 *
 * <pre>
 * ; comments: dataset, sequence, time of export, options
 * $ORIGIN zone.
 * $TTL ttl
 * &#64; SOA localhost. hostmaster.localhost. serial 3600 600 604800 ttl
 * &#64; NS localhost.
 * name CNAME .            ; a listed domain, and every name below it:
 * *.name CNAME .
 * 32.7.100.51.198.rpz-ip CNAME .
 * ; end of zone: counts
 * </pre>
 *
 * Every owner name is written once, with one CNAME: a local verdict replaces the vendor's rule,
 * never adds a second one. Order is the walk's (vendor records in key order, then local verdicts by
 * subject), so one dataset and one set of local verdicts give the same zone every time, but for the
 * time of export in the comments.
 */
public final class RpzExport {
    /** RFC 1035 §2.3.4: 255 octets on the wire, which is 253 characters written out without the final dot. */
    static final int MAX_NAME_CHARS = 253;
    /**
     * SOA timers. Only zone transfers read them (a resolver loading the file ignores them): a
     * secondary checks hourly, retries after 10 minutes and keeps serving a week without its primary.
     */
    static final long REFRESH_SECONDS = 3600;

    static final long RETRY_SECONDS = 600;
    static final long EXPIRE_SECONDS = 7 * 24 * 3600;

    private RpzExport() {}

    /** What a written zone holds; the CLI prints it and the zone's last comment says it. */
    public record Summary(
            String zone,
            String dataset,
            long sequence,
            long serial,
            long domains,
            long qnameRules,
            long ranges,
            long exceptions,
            long hashedOnlyDomains,
            long unfitNames,
            long unexpressible,
            long unlistable) {
        public String describe() {
            return String.format(
                    "%d domains (%d QNAME rules), %d IP ranges (rpz-ip rules), %d of them exceptions (rpz-passthru.);"
                            + " not listed: %d domains held as hashes only, %d names the zone cannot hold (too long, or ending in an rpz- label),"
                            + " %d ranges of prefix length 0, %d local domain verdicts that are no DNS name",
                    domains, qnameRules, ranges, exceptions, hashedOnlyDomains, unfitNames, unexpressible, unlistable);
        }
    }

    /**
     * The SOA serial of a dataset sequence: its low 32 bits (RFC 1982 serial number arithmetic on
     * SERIAL_BITS = 32). Sequences stay below 2^32 in practice; beyond it the serial wraps to small
     * numbers, which RFC 1982 §3.1 reads as an increase as long as each step is below 2^31.
     */
    static long serial(long sequence) {
        return sequence & 0xFFFF_FFFFL;
    }

    static Summary write(RpzOptions options, Generation generation, LocalIndex local, Instant now, OutputStream stream)
            throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.US_ASCII), 64 * 1024);
        DatasetInfo info = generation.info();
        long serial = serial(info.sequence());
        String zones = options.includeYellow() ? "RED and YELLOW" : "RED";
        out.write("; Response Policy Zone written by Outpost (docs/exports.md)\n");
        out.write("; dataset " + info.dataset() + ", sequence " + info.sequence() + ", created "
                + info.created().truncatedTo(ChronoUnit.SECONDS) + "\n");
        out.write("; exported " + now.truncatedTo(ChronoUnit.SECONDS) + ", with the local verdicts in force then\n");
        out.write("; lists " + zones + " domains and IP ranges as "
                + options.action().id() + " (CNAME " + options.action().target()
                + "); local verdicts that clear a listing as rpz-passthru.\n");
        out.write("$ORIGIN " + options.zone() + ".\n");
        out.write("$TTL " + options.ttlSeconds() + "\n");
        out.write("@\tIN\tSOA\tlocalhost. hostmaster.localhost. " + serial + " " + REFRESH_SECONDS + " " + RETRY_SECONDS
                + " " + EXPIRE_SECONDS + " " + options.ttlSeconds() + "\n");
        // RFC 1035 needs an NS record for the zone to load; RPZ ignores it (interop.md §3.4).
        out.write("@\tIN\tNS\tlocalhost.\n");
        Rules rules = new Rules(options, out);
        ExportWalk.Result walked;
        try {
            walked = new ExportWalk(generation, local, options.zones(), now)
                    .walk(EnumSet.of(ExportKind.DOMAIN, ExportKind.IP), rules::write);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Summary summary = new Summary(
                options.zone(),
                info.dataset(),
                info.sequence(),
                serial,
                rules.domains,
                rules.qnameRules,
                rules.ranges,
                rules.exceptions,
                walked.hashedOnlyDomains(),
                rules.unfitNames,
                rules.unexpressible,
                walked.unlistableNames());
        out.write("; end of zone: " + summary.describe() + "\n");
        out.flush();
        return summary;
    }

    /**
     * Whether a name ends in a label the policy zone reserves for other triggers ({@code rpz-ip},
     * {@code rpz-nsdname}, {@code rpz-nsip}, {@code rpz-client-ip}: draft-vixie-dnsop-dns-rpz §4):
     * written as a QNAME rule it would be read as one of those. No real top-level domain starts so.
     */
    static boolean isReserved(String name) {
        return name.substring(name.lastIndexOf('.') + 1).startsWith("rpz-");
    }

    /** Writes one item's rules and counts them. */
    private static final class Rules {
        private final RpzOptions options;
        private final Writer out;
        private final int room;
        long domains;
        long qnameRules;
        long ranges;
        long exceptions;
        long unfitNames;
        long unexpressible;

        Rules(RpzOptions options, Writer out) {
            this.options = options;
            this.out = out;
            // Owner names are written relative to the origin: "<name>.<zone>" must fit in a DNS name.
            this.room = MAX_NAME_CHARS - options.zone().length() - 1;
        }

        void write(ExportItem item) {
            String target = item.exempt()
                    ? RpzAction.PASSTHRU.target()
                    : options.action().target();
            String comment = item.local() ? "\t; local verdict " + item.localVerdictId() + "\n" : "\n";
            try {
                if (item.kind() == ExportKind.DOMAIN) {
                    String name = item.value();
                    // A one-label name (a top-level domain) is left out: lookups never let a verdict on
                    // a TLD cover the names below it (UrlExpressions: at least two components), and
                    // "*.com CNAME ." would block a whole TLD at every resolver that loads the zone.
                    if (name.length() > room || isReserved(name) || name.indexOf('.') < 0) {
                        unfitNames++;
                        return;
                    }
                    out.write(name + "\tCNAME\t" + target + comment);
                    qnameRules++;
                    // A QNAME trigger matches its own name only: the wildcard covers the names below it.
                    // Without room for "*.", no name below this one fits in the zone either.
                    if (name.length() + 2 <= room) {
                        out.write("*." + name + "\tCNAME\t" + target + comment);
                        qnameRules++;
                    }
                    domains++;
                } else {
                    String owner = RpzNames.ipTrigger(IpRange.parse(item.value()));
                    if (owner == null) {
                        unexpressible++;
                        return;
                    }
                    out.write(owner + "\tCNAME\t" + target + comment);
                    ranges++;
                }
                if (item.exempt()) {
                    exceptions++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
