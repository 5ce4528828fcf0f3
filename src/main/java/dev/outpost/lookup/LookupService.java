package dev.outpost.lookup;

import java.util.ArrayList;
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
        return BulkLookup.answer(queries, Digests.FILES, snapshots);
    }

    public List<LookupOutcome> certificates(List<String> queries) {
        return BulkLookup.answer(queries, Digests.CERTIFICATES, snapshots);
    }

    /** File digests and certificate thumbprints: they differ in what they accept and where they are keyed. */
    private enum Digests implements BulkLookup.Items<Hash> {
        FILES {
            @Override
            public Hash parse(String query) {
                return Hash.parse(query);
            }

            @Override
            KeySpace space(HashType type) {
                return KeySpace.forFileHash(type);
            }
        },
        CERTIFICATES {
            @Override
            public Hash parse(String query) {
                return Hash.parse(query, HashType.SHA256);
            }

            @Override
            KeySpace space(HashType type) {
                return KeySpace.CERT_SHA256;
            }
        };

        abstract KeySpace space(HashType type);

        @Override
        public String field() {
            return "hashes";
        }

        @Override
        public String nullItemType() {
            return "invalid-hash";
        }

        /** A single lookup: bad input fails before a lease is taken. */
        LookupOutcome lookup(String query, Snapshots snapshots) {
            Hash hash = parse(query);
            try (Snapshot snapshot = snapshots.open()) {
                return answer(query, hash, snapshot);
            }
        }

        @Override
        public LookupOutcome answer(String query, Hash hash, Snapshot snapshot) {
            KeySpace space = space(hash.type());
            byte[] key = hash.bytes();
            return outcome(query, hash, key, space, snapshot.generation().get(space, key), snapshot);
        }

        /** One multi-get per key space, then the answers are put back in request order. */
        @Override
        public void answerAll(List<String> queries, List<Hash> hashes, LookupOutcome[] outcomes, Snapshot snapshot) {
            for (HashType type : HashType.values()) {
                List<Integer> positions = new ArrayList<>();
                List<byte[]> keys = new ArrayList<>();
                for (int i = 0; i < outcomes.length; i++) {
                    Hash hash = hashes.get(i);
                    if (hash != null && hash.type() == type) {
                        positions.add(i);
                        keys.add(hash.bytes());
                    }
                }
                if (keys.isEmpty()) {
                    continue;
                }
                KeySpace space = space(type);
                List<byte[]> values = snapshot.generation().getAll(space, keys);
                for (int j = 0; j < positions.size(); j++) {
                    int i = positions.get(j);
                    outcomes[i] = outcome(queries.get(i), hashes.get(i), keys.get(j), space, values.get(j), snapshot);
                }
            }
        }
    }

    private static LookupOutcome outcome(
            String query, Hash hash, byte[] key, KeySpace space, byte[] value, Snapshot snapshot) {
        ReputationRecord record = value == null
                ? null
                : RecordCodec.decode(space, key, value, snapshot.generation().threatNames());
        Subject.Digest subject =
                Subject.Digest.of(hash.type(), record instanceof ReputationRecord.File file ? file.hashes() : null);
        LocalIndex local = snapshot.local();
        LocalIndex.Entry override = local.size() == 0 ? null : localVerdict(hash, key, space, record, local);
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
            Hash hash, byte[] key, KeySpace space, ReputationRecord record, LocalIndex local) {
        LocalIndex.Entry entry = local.find(space, key);
        if (entry != null || !(record instanceof ReputationRecord.File file)) {
            return entry;
        }
        for (HashType type : new HashType[] {HashType.SHA256, HashType.SHA1, HashType.MD5}) {
            Hash other = file.hashes().get(type);
            if (other != null && type != hash.type()) {
                entry = local.find(KeySpace.forFileHash(type), other.bytes());
                if (entry != null) {
                    return entry;
                }
            }
        }
        return null;
    }
}
