package dev.outpost.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.outpost.local.LocalIndex;
import dev.outpost.reputation.DomainKey;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.IpKey;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.UrlKey;
import dev.outpost.reputation.Verdict;
import dev.outpost.reputation.Zone;
import dev.outpost.store.Generation;
import dev.outpost.web.CanonicalUrl;
import dev.outpost.web.IpRange;
import dev.outpost.web.UrlExpressions;

/**
 * The one walk behind both exports (issue 16, docs/exports.md): the vendor's records of the chosen
 * kinds from one generation lease, in key order, then the local verdicts that no vendor record
 * carries, in subject order. Each value comes with the verdict a lookup of it answers, local verdicts
 * applied exactly as lookups apply them (ADR 0009), and judged at one instant so that two walks of
 * one lease see the same local verdicts. It streams: one record at a time plus a few point reads
 * for the precedence checks, so memory does not grow with the dataset.
 *
 * <p>Precedence, per kind:
 *
 * <ul>
 *   <li>files: a local verdict on the digest or, when the vendor knows the file, on any of its
 *       other digests (strongest first), as {@code LookupService} decides;
 *   <li>domains: the most specific local verdict among the name's lookup hosts (Safe Browsing's host
 *       suffixes, {@link UrlExpressions#hosts}), on the domain or on the URL expression of its root
 *       ({@code host/}), as {@code WebLookupService} decides; vendor domains held as hashes only
 *       cannot be listed and are counted instead;
 *   <li>IP ranges: the most specific local verdict on a range that contains the vendor's range,
 *       else the vendor's; ranges are matched longest prefix first, by lookups and by RPZ alike.
 * </ul>
 */
public final class ExportWalk {
    private static final HexFormat HEX = HexFormat.of();

    private final Generation generation;
    private final LocalIndex local;
    private final Set<Zone> zones;
    private final long nowMillis;
    private final String[] names;

    /** What a walk wrote, and what it could not. */
    public record Result(long items, long hashedOnlyDomains, long unlistableNames) {}

    /**
     * @param generation the lease to read; the caller closes it
     * @param local the local verdicts
     * @param zones the zones the export lists; values in other zones are left out, unless exempt
     * @param now the instant at which local verdicts are judged expired or not
     */
    public ExportWalk(Generation generation, LocalIndex local, Set<Zone> zones, Instant now) {
        this.generation = generation;
        this.local = local;
        this.zones = zones.isEmpty() ? EnumSet.noneOf(Zone.class) : EnumSet.copyOf(zones);
        this.nowMillis = now.toEpochMilli();
        this.names = generation.threatNames();
    }

    /** Walks the kinds in {@code kinds}, in {@link ExportKind} order, handing each item to {@code sink}. */
    public Result walk(Set<ExportKind> kinds, Consumer<ExportItem> sink) {
        Tally tally = new Tally(sink);
        for (ExportKind kind : ExportKind.values()) {
            if (!kinds.contains(kind)) {
                continue;
            }
            switch (kind) {
                case MD5, SHA1, SHA256 -> files(kind, tally);
                case DOMAIN -> domains(tally);
                case IP -> ranges(tally);
            }
        }
        return new Result(tally.items, tally.hashedOnly, tally.unlistable);
    }

    private static final class Tally implements Consumer<ExportItem> {
        private final Consumer<ExportItem> sink;
        long items;
        long hashedOnly;
        long unlistable;

        Tally(Consumer<ExportItem> sink) {
            this.sink = sink;
        }

        @Override
        public void accept(ExportItem item) {
            items++;
            sink.accept(item);
        }
    }

    /**
     * Hands on a value whose lookup answers {@code verdict} (decided by {@code entry} when not null)
     * if its zone is chosen, or if {@code exempt} says a listed rule would otherwise cover it; that
     * check costs reads, so it runs only for values outside the chosen zones.
     */
    private void offer(
            Tally tally,
            ExportKind kind,
            String value,
            Verdict verdict,
            LocalIndex.Entry entry,
            BooleanSupplier exempt) {
        boolean chosen = zones.contains(verdict.zone());
        if (chosen || exempt.getAsBoolean()) {
            tally.accept(new ExportItem(
                    kind, value, verdict.category(), entry != null, entry == null ? 0 : entry.id(), !chosen));
        }
    }

    private static final BooleanSupplier NEVER = () -> false;

    // ---- files ----

    private void files(ExportKind kind, Tally tally) {
        KeySpace space = kind.space();
        HashType type = kind.hashType();
        generation.forEach(space, (key, value) -> {
            ReputationRecord.File record = (ReputationRecord.File) RecordCodec.decode(space, key, value, names);
            LocalIndex.Entry entry = fileVerdict(type, key, record);
            offer(tally, kind, HEX.formatHex(key), entry != null ? entry.verdict() : record.verdict(), entry, NEVER);
        });
        List<LocalIndex.Entry> own = new ArrayList<>(local.entries(space, nowMillis));
        own.sort(Comparator.comparing(LocalIndex.Entry::subject));
        for (LocalIndex.Entry entry : own) {
            // A digest the vendor knows was written above, with this verdict.
            if (generation.get(space, Hash.parse(entry.subject(), type).bytes()) == null) {
                offer(tally, kind, entry.subject(), entry.verdict(), entry, NEVER);
            }
        }
    }

    /** The local verdict on a vendor file, as {@code LookupService.localVerdict} finds it. */
    private LocalIndex.Entry fileVerdict(HashType type, byte[] key, ReputationRecord.File record) {
        LocalIndex.Entry entry = local.findAt(KeySpace.forFileHash(type), key, nowMillis);
        if (entry != null) {
            return entry;
        }
        for (HashType other : new HashType[] {HashType.SHA256, HashType.SHA1, HashType.MD5}) {
            Hash hash = record.hashes().get(other);
            if (other != type && hash != null) {
                entry = local.findAt(KeySpace.forFileHash(other), hash.bytes(), nowMillis);
                if (entry != null) {
                    return entry;
                }
            }
        }
        return null;
    }

    // ---- domains ----

    private void domains(Tally tally) {
        KeySpace space = KeySpace.DOMAIN_SHA256;
        generation.forEach(space, (key, value) -> {
            ReputationRecord.Keyed record = (ReputationRecord.Keyed) RecordCodec.decode(space, key, value, names);
            String name = record.name();
            if (name == null) {
                // Held as a hash only (FORMAT.md "Listed domains"): answered, never listed. A local
                // verdict on it names it, and is written from the local verdicts below.
                if (zones.contains(record.verdict().zone()) && local.findAt(space, key, nowMillis) == null) {
                    tally.hashedOnly++;
                }
                return;
            }
            LocalIndex.Entry entry = domainVerdict(name);
            if (entry == null) {
                offer(tally, ExportKind.DOMAIN, name, record.verdict(), null, NEVER);
            } else {
                boolean vendorListed = zones.contains(record.verdict().zone());
                offer(tally, ExportKind.DOMAIN, name, entry.verdict(), entry, () -> vendorListed || listedAbove(name));
            }
        });
        // The local verdicts on domains and on host roots (evil.example/), by name; a domain verdict
        // comes before its root's URL verdict among a lookup's candidates, so it wins a tie.
        Map<String, LocalIndex.Entry> hosts = new TreeMap<>();
        for (LocalIndex.Entry entry : local.entries(space, nowMillis)) {
            hosts.put(entry.subject(), entry);
        }
        for (LocalIndex.Entry entry : local.entries(KeySpace.URL_EXPRESSION, nowMillis)) {
            String host = rootHost(entry.subject());
            if (host != null) {
                hosts.putIfAbsent(host, entry);
            }
        }
        for (Map.Entry<String, LocalIndex.Entry> each : hosts.entrySet()) {
            String host = each.getKey();
            if (isListedByVendor(host)) {
                continue; // written above, with this verdict (the most specific one for its name)
            }
            if (!RecordCodec.isListableName(UrlKey.ascii(host), 0, host.length())) {
                tally.unlistable++;
                continue;
            }
            offer(tally, ExportKind.DOMAIN, host, each.getValue().verdict(), each.getValue(), () -> listedAbove(host));
        }
    }

    /** The host of a URL expression at a host's root ({@code evil.example/}), or null. */
    private static String rootHost(String expression) {
        int slash = expression.indexOf('/');
        if (slash <= 0 || slash != expression.length() - 1) {
            return null;
        }
        String host = expression.substring(0, slash);
        return new CanonicalUrl("http", host, "/", null).hostIsIp() ? null : host;
    }

    /** Whether the vendor's data holds {@code host} with its name, so that the vendor walk wrote it. */
    private boolean isListedByVendor(String host) {
        byte[] key = DomainKey.of(host);
        byte[] value = generation.get(KeySpace.DOMAIN_SHA256, key);
        return value != null
                && ((ReputationRecord.Keyed) RecordCodec.decode(KeySpace.DOMAIN_SHA256, key, value, names)).name()
                        != null;
    }

    /**
     * The local verdict a domain lookup of {@code name} finds first: on the most specific of its
     * lookup hosts, the domain verdict before the root URL verdict (WebLookupService's candidates).
     */
    private LocalIndex.Entry domainVerdict(String name) {
        if (local.size() == 0) {
            return null;
        }
        for (String host : UrlExpressions.hosts(new CanonicalUrl("http", name, "/", null))) {
            LocalIndex.Entry entry = localOnHost(host);
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    private LocalIndex.Entry localOnHost(String host) {
        LocalIndex.Entry entry = local.findAt(KeySpace.DOMAIN_SHA256, DomainKey.of(host), nowMillis);
        return entry != null ? entry : local.findAt(KeySpace.URL_EXPRESSION, UrlKey.of(host + "/"), nowMillis);
    }

    /**
     * Whether a parent of {@code name} is listed in the chosen zones, by a local verdict or by a
     * vendor record with its name: its {@code *.parent} rule would then cover {@code name}, whose
     * own (local) verdict lookups answer instead. Errs towards true: a needless exception only
     * repeats what the resolver would do anyway.
     */
    private boolean listedAbove(String name) {
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
            String parent = name.substring(dot + 1);
            LocalIndex.Entry entry = localOnHost(parent);
            if (entry != null) {
                if (zones.contains(entry.verdict().zone())) {
                    return true;
                }
                continue;
            }
            byte[] key = DomainKey.of(parent);
            byte[] value = generation.get(KeySpace.DOMAIN_SHA256, key);
            if (value != null) {
                ReputationRecord.Keyed record =
                        (ReputationRecord.Keyed) RecordCodec.decode(KeySpace.DOMAIN_SHA256, key, value, names);
                if (record.name() != null && zones.contains(record.verdict().zone())) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- IP ranges ----

    private void ranges(Tally tally) {
        KeySpace space = KeySpace.IP_RANGE;
        generation.forEach(space, (key, value) -> {
            ReputationRecord.Keyed record = (ReputationRecord.Keyed) RecordCodec.decode(space, key, value, names);
            IpRange range = rangeOf(key);
            LocalIndex.Entry entry = localContaining(range);
            boolean vendorListed =
                    entry != null && zones.contains(record.verdict().zone());
            offer(
                    tally,
                    ExportKind.IP,
                    range.toString(),
                    entry != null ? entry.verdict() : record.verdict(),
                    entry,
                    () -> vendorListed || listedWider(range));
        });
        List<LocalIndex.Entry> own = new ArrayList<>(local.entries(space, nowMillis));
        own.sort(Comparator.comparing(entry -> IpRange.parse(entry.subject()).key(), Arrays::compareUnsigned));
        for (LocalIndex.Entry entry : own) {
            IpRange range = IpRange.parse(entry.subject());
            if (generation.get(space, range.key()) == null) {
                offer(tally, ExportKind.IP, range.toString(), entry.verdict(), entry, () -> listedWider(range));
            }
        }
    }

    static IpRange rangeOf(byte[] key) {
        int family = IpKey.family(key);
        int prefix = IpKey.prefixLength(key);
        return new IpRange(
                Arrays.copyOfRange(key, 1, 17), family == IpKey.IPV4 ? IpKey.IPV4_MAPPED_BITS + prefix : prefix);
    }

    /** The most specific local verdict on a range that contains {@code range} (or is it). */
    private LocalIndex.Entry localContaining(IpRange range) {
        if (local.size() == 0) {
            return null;
        }
        int own = range.familyPrefixLength();
        for (int length : local.ipPrefixLengths(range.family())) {
            if (length <= own) {
                LocalIndex.Entry entry =
                        local.findAt(KeySpace.IP_RANGE, range.network(length).key(), nowMillis);
                if (entry != null) {
                    return entry;
                }
            }
        }
        return null;
    }

    /**
     * Whether a wider range than {@code range} is listed in the chosen zones, by a local verdict or
     * by the vendor (with local verdicts applied): its rule would win for the addresses of {@code
     * range} unless a longer prefix says otherwise, as lookups do.
     */
    private boolean listedWider(IpRange range) {
        int own = range.familyPrefixLength();
        TreeSet<Integer> lengths = new TreeSet<>();
        for (int length : generation.ipPrefixLengths(range.family())) {
            lengths.add(length);
        }
        for (int length : local.ipPrefixLengths(range.family())) {
            lengths.add(length);
        }
        for (int length : lengths.headSet(own, false)) {
            IpRange wider = range.network(length);
            byte[] key = wider.key();
            LocalIndex.Entry entry = local.findAt(KeySpace.IP_RANGE, key, nowMillis);
            Zone zone;
            if (entry != null) {
                zone = entry.verdict().zone();
            } else {
                byte[] value = generation.get(KeySpace.IP_RANGE, key);
                if (value == null) {
                    continue;
                }
                LocalIndex.Entry over = localContaining(wider);
                zone = over != null
                        ? over.verdict().zone()
                        : RecordCodec.decode(KeySpace.IP_RANGE, key, value, names)
                                .verdict()
                                .zone();
            }
            if (zones.contains(zone)) {
                return true;
            }
        }
        return false;
    }
}
