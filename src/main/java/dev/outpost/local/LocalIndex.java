package dev.outpost.local;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jboss.logging.Logger;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.DomainKey;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.IpKey;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.UrlKey;
import dev.outpost.reputation.Verdict;

/**
 * An immutable in-memory snapshot of the local verdicts, keyed exactly as the store keys vendor
 * data, so a lookup checks the keys it has already computed (ADR 0009). Replaced whole when the
 * verdicts change; readers never lock.
 */
public final class LocalIndex {
    private static final Logger LOG = Logger.getLogger(LocalIndex.class);

    public static final LocalIndex EMPTY = new LocalIndex(List.of());

    /** {@link Entry#expiresAtMillis} of a verdict that never expires. */
    public static final long NEVER = Long.MAX_VALUE;

    /**
     * One local verdict as lookups need it. {@code expiresAtMillis} is epoch milliseconds, or {@link
     * #NEVER}.
     */
    public record Entry(
            long id, LocalKind kind, String subject, Verdict verdict, String createdBy, long expiresAtMillis) {
        public Entry(long id, LocalKind kind, String subject, Verdict verdict, String createdBy) {
            this(id, kind, subject, verdict, createdBy, NEVER);
        }

        boolean expiredAt(long nowMillis) {
            return expiresAtMillis != NEVER && expiresAtMillis <= nowMillis;
        }
    }

    private final Map<KeySpace, Map<ByteBuffer, Entry>> bySpace = new EnumMap<>(KeySpace.class);
    private final int[] ipv4Lengths;
    private final int[] ipv6Lengths;
    private final int size;
    /** The earliest expiry among the entries (epoch milliseconds), or {@link #NEVER}. */
    private final long nextExpiryMillis;
    /** The host prefixes of the local URL verdicts' keys, for {@link #mayHaveUrlsUnder}. */
    private final Set<ByteBuffer> urlHosts = new HashSet<>();

    LocalIndex(List<Entry> entries) {
        TreeSet<Integer> ipv4 = new TreeSet<>();
        TreeSet<Integer> ipv6 = new TreeSet<>();
        long nextExpiry = NEVER;
        for (Entry entry : entries) {
            nextExpiry = Math.min(nextExpiry, entry.expiresAtMillis());
            byte[] key = entry.kind().key(entry.subject());
            bySpace.computeIfAbsent(entry.kind().space(entry.subject()), s -> new HashMap<>())
                    .put(ByteBuffer.wrap(key), entry);
            if (entry.kind() == LocalKind.URL) {
                urlHosts.add(UrlKey.hostPrefix(key));
            }
            if (entry.kind() == LocalKind.IP) {
                (IpKey.family(key) == IpKey.IPV4 ? ipv4 : ipv6).add(IpKey.prefixLength(key));
            }
        }
        this.ipv4Lengths =
                ipv4.descendingSet().stream().mapToInt(Integer::intValue).toArray();
        this.ipv6Lengths =
                ipv6.descendingSet().stream().mapToInt(Integer::intValue).toArray();
        this.size = entries.size();
        this.nextExpiryMillis = nextExpiry;
    }

    /** An index of ready-made entries: for benchmarks and tests that need no database. */
    public static LocalIndex ofEntries(List<Entry> entries) {
        return new LocalIndex(entries);
    }

    /**
     * The index of {@code rows}. A row this version cannot read (written by hand, or by a newer
     * version sharing the database) is left out and logged, rather than taking every other local
     * verdict down with it. Writes go through {@link #entryOf} first, so a row written through the
     * API is never left out (issue 11 item 2).
     */
    static LocalIndex of(List<LocalVerdict> rows, Instant now) {
        List<Entry> entries = new ArrayList<>(rows.size());
        for (LocalVerdict row : rows) {
            if (row.expiredAt(now)) {
                continue; // listed as expired by the API; lookups no longer see it
            }
            try {
                entries.add(entryOf(row));
            } catch (InvalidInputException e) {
                LOG.warnf("Local verdict %d is left out: %s", row.id, e.detail());
            } catch (RuntimeException e) {
                // A row written past the API may break a parser in ways no check names; it must not
                // take the other verdicts, or the start, down with it.
                LOG.warnf("Local verdict %d is left out: it cannot be read (%s)", row.id, e.getMessage());
            }
        }
        return new LocalIndex(entries);
    }

    /**
     * The one check a local verdict row must pass to be served: the API runs it before storing a row,
     * the index when loading one. The problem names the field at fault.
     */
    static Entry entryOf(LocalVerdict row) {
        LocalKind kind = LocalKind.of(row.kind);
        // The key below is computed from the subject, so it must be the canonical one.
        if (!kind.canonicalSubject(row.subject).equals(row.subject)) {
            throw invalid("value is not in canonical form", row.subject);
        }
        Category category;
        try {
            category = Category.valueOf(row.category);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid("verdict is not a known category", row.category);
        }
        if (category == Category.UNKNOWN) {
            throw invalid("verdict must not be UNKNOWN", row.category);
        }
        Verdict verdict;
        try {
            verdict = new Verdict(category, row.threatName, null, null, 0);
        } catch (InvalidInputException e) {
            throw invalid("threatName: " + e.detail(), row.threatName);
        }
        if (row.createdBy == null || row.createdBy.isBlank()) {
            throw invalid("the verdict names no operator", null);
        }
        return new Entry(
                row.id == null ? 0 : row.id,
                kind,
                row.subject,
                verdict,
                row.createdBy,
                row.expiresAt == null ? NEVER : row.expiresAt.toEpochMilli());
    }

    private static InvalidInputException invalid(String detail, String input) {
        return new InvalidInputException("invalid-local-verdict", detail, input);
    }

    /**
     * The local verdict stored under {@code key} of {@code space} that has not expired, or null. The
     * clock is read only for a hit that has an expiry, so a verdict stops applying at its instant
     * (not at the next reload) and verdicts without one cost nothing more (issue 14).
     */
    public Entry find(KeySpace space, byte[] key) {
        Map<ByteBuffer, Entry> entries = bySpace.get(space);
        Entry entry = entries == null ? null : entries.get(ByteBuffer.wrap(key));
        if (entry == null || entry.expiresAtMillis() == NEVER) {
            return entry;
        }
        return entry.expiredAt(System.currentTimeMillis()) ? null : entry;
    }

    /**
     * As {@link #find}, with expiry judged at {@code nowMillis}: an export (issue 16) reads many keys
     * and must see the local verdicts as they stood at one instant.
     */
    public Entry findAt(KeySpace space, byte[] key, long nowMillis) {
        Map<ByteBuffer, Entry> entries = bySpace.get(space);
        Entry entry = entries == null ? null : entries.get(ByteBuffer.wrap(key));
        return entry == null || entry.expiredAt(nowMillis) ? null : entry;
    }

    /**
     * The earliest expiry among the served entries (epoch milliseconds), or {@link #NEVER}: once it has
     * passed, a reload drops the expired entries (lookups already skip them, see {@link #find}).
     */
    public long nextExpiryMillis() {
        return nextExpiryMillis;
    }

    /** Whether a local URL verdict may be on an expression of the host with this {@link DomainKey}. */
    public boolean mayHaveUrlsUnder(byte[] hostKey) {
        return !urlHosts.isEmpty() && urlHosts.contains(UrlKey.hostPrefix(hostKey));
    }

    /**
     * The verdicts keyed in {@code space} that have not expired at {@code nowMillis}, in no
     * particular order: for the RPZ and Bloom exports (issue 16), which list what {@link #find}
     * answers key by key.
     */
    public List<Entry> entries(KeySpace space, long nowMillis) {
        Map<ByteBuffer, Entry> entries = bySpace.get(space);
        if (entries == null) {
            return List.of();
        }
        List<Entry> live = new ArrayList<>(entries.size());
        for (Entry entry : entries.values()) {
            if (!entry.expiredAt(nowMillis)) {
                live.add(entry);
            }
        }
        return live;
    }

    /** The prefix lengths of the local IP ranges of an {@link IpKey} family, longest first. */
    public int[] ipPrefixLengths(int family) {
        return (family == IpKey.IPV4 ? ipv4Lengths : ipv6Lengths).clone();
    }

    public int size() {
        return size;
    }
}
