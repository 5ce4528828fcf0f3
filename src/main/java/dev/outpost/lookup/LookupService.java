package dev.outpost.lookup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.outpost.local.LocalIndex;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.ReputationRecord;

/**
 * Answers file and certificate lookups from the active generation. A bulk lookup holds one lease for
 * all of its items, so every item is answered from the same generation even if a new one is
 * activated meanwhile.
 */
@ApplicationScoped
public class LookupService {
    public static final int MAX_BULK_ITEMS = BulkLookup.MAX_ITEMS;

    private final Snapshots snapshots;

    public LookupService(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    public LookupOutcome file(String query) {
        return Digests.FILES.lookup(query, snapshots);
    }

    public LookupOutcome certificate(String query) {
        return Digests.CERTIFICATES.lookup(query, snapshots);
    }

    public List<LookupOutcome> files(List<String> queries) {
        return files(DigestRequest.of(new BulkRequest(queries), DigestRequest.Accepts.FILE_DIGESTS));
    }

    public List<LookupOutcome> certificates(List<String> queries) {
        return certificates(DigestRequest.of(new BulkRequest(queries), DigestRequest.Accepts.SHA256_ONLY));
    }

    List<LookupOutcome> files(DigestRequest items) {
        return answer(items, Digests.FILES);
    }

    List<LookupOutcome> certificates(DigestRequest items) {
        return answer(items, Digests.CERTIFICATES);
    }

    /**
     * Every item in order from one snapshot: one multi-get per key space, then the answers are put
     * back in request order; an invalid item is answered with its problem.
     */
    private List<LookupOutcome> answer(DigestRequest items, Digests kind) {
        items.requireAcceptable();
        int size = items.size();
        LookupOutcome[] outcomes = new LookupOutcome[size];
        int[] positions = new int[size];
        List<byte[]> keys = new ArrayList<>(size);
        try (Snapshot snapshot = snapshots.open()) {
            for (HashType type : HashType.values()) {
                int count = 0;
                keys.clear();
                for (int i = 0; i < size; i++) {
                    if (items.type(i) == type) {
                        positions[count++] = i;
                        keys.add(items.key(i));
                    }
                }
                if (count == 0) {
                    continue;
                }
                KeySpace space = kind.space(type);
                List<byte[]> values = snapshot.generation().getAll(space, keys);
                for (int j = 0; j < count; j++) {
                    int i = positions[j];
                    outcomes[i] = outcome(items.query(i), type, keys.get(j), space, values.get(j), snapshot);
                }
            }
        }
        for (int i = 0; i < size; i++) {
            if (outcomes[i] == null) {
                outcomes[i] = items.invalid(i);
            }
        }
        return Arrays.asList(outcomes);
    }

    /** File digests and certificate thumbprints: they differ in what they accept and where they are keyed. */
    private enum Digests {
        FILES {
            @Override
            Hash parse(String query) {
                return Hash.parse(query);
            }

            @Override
            KeySpace space(HashType type) {
                return KeySpace.forFileHash(type);
            }
        },
        CERTIFICATES {
            @Override
            Hash parse(String query) {
                return Hash.parse(query, HashType.SHA256);
            }

            @Override
            KeySpace space(HashType type) {
                return KeySpace.CERT_SHA256;
            }
        };

        abstract Hash parse(String query);

        abstract KeySpace space(HashType type);

        /** A single lookup: bad input fails before a lease is taken. */
        LookupOutcome lookup(String query, Snapshots snapshots) {
            Hash hash = parse(query);
            KeySpace space = space(hash.type());
            byte[] key = hash.bytes();
            try (Snapshot snapshot = snapshots.open()) {
                return outcome(
                        query, hash.type(), key, space, snapshot.generation().get(space, key), snapshot);
            }
        }
    }

    private static LookupOutcome outcome(
            String query, HashType type, byte[] key, KeySpace space, byte[] value, Snapshot snapshot) {
        ReputationRecord record = value == null
                ? null
                : RecordCodec.decode(space, key, value, snapshot.generation().threatNames());
        Subject.Digest subject =
                Subject.Digest.of(type, record instanceof ReputationRecord.File file ? file.hashes() : null);
        LocalIndex local = snapshot.local();
        LocalIndex.Entry override = local.size() == 0 ? null : localVerdict(type, key, space, record, local);
        if (override != null) {
            return new LookupOutcome.LocalOverride(query, subject, override.verdict(), null, Source.Local.of(override));
        }
        if (record == null) {
            return new LookupOutcome.Unknown(query, subject, snapshot.vendor());
        }
        return new LookupOutcome.Known(query, subject, record.verdict(), null, snapshot.vendor());
    }

    /**
     * The local verdict on this object (ADR 0009): on the digest asked for, or, since a vendor
     * record names a file's other digests, on any of those, strongest first. So a verdict set on a
     * file's SHA-256 also answers a query by its MD5 when the vendor knows both.
     */
    private static LocalIndex.Entry localVerdict(
            HashType asked, byte[] key, KeySpace space, ReputationRecord record, LocalIndex local) {
        LocalIndex.Entry entry = local.find(space, key);
        if (entry != null || !(record instanceof ReputationRecord.File file)) {
            return entry;
        }
        for (HashType type : new HashType[] {HashType.SHA256, HashType.SHA1, HashType.MD5}) {
            Hash other = file.hashes().get(type);
            if (other != null && type != asked) {
                entry = local.find(KeySpace.forFileHash(type), other.bytes());
                if (entry != null) {
                    return entry;
                }
            }
        }
        return null;
    }
}
