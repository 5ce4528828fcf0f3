package dev.outpost.lookup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.outpost.local.LocalIndex;
import dev.outpost.local.LocalVerdicts;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.ObjectKind;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;
import dev.outpost.reputation.Zone;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.Generation;
import dev.outpost.store.GenerationStore;

/**
 * Answers lookups from the active generation. A bulk lookup holds one lease for all of its items,
 * so every item is answered from the same generation even if a new one is activated meanwhile.
 */
@ApplicationScoped
public class LookupService {
    public static final int MAX_BULK_ITEMS = 10_000;

    private final GenerationStore store;
    private final Supplier<LocalIndex> local;

    @Inject
    public LookupService(GenerationStore store, LocalVerdicts localVerdicts) {
        this(store, localVerdicts::current);
    }

    /** Vendor data only: benchmarks and the offline CLI lookup. */
    public LookupService(GenerationStore store) {
        this(store, () -> LocalIndex.EMPTY);
    }

    private LookupService(GenerationStore store, Supplier<LocalIndex> local) {
        this.store = store;
        this.local = local;
    }

    public Answer file(String query) {
        Hash hash = Hash.parse(query);
        try (Generation generation = lease()) {
            KeySpace space = KeySpace.forFileHash(hash.type());
            return answer(query, hash, space, generation, generation.get(space, hash.bytes()), local.get());
        }
    }

    public Answer certificate(String query) {
        Hash hash = Hash.parse(query, HashType.SHA256);
        try (Generation generation = lease()) {
            return answer(
                    query,
                    hash,
                    KeySpace.CERT_SHA256,
                    generation,
                    generation.get(KeySpace.CERT_SHA256, hash.bytes()),
                    local.get());
        }
    }

    public List<Answer> files(List<String> queries) {
        return bulk(queries, ObjectKind.FILE);
    }

    public List<Answer> certificates(List<String> queries) {
        return bulk(queries, ObjectKind.CERTIFICATE);
    }

    private List<Answer> bulk(List<String> queries, ObjectKind kind) {
        if (queries == null) {
            throw new InvalidInputException("invalid-request", "request body needs a 'hashes' array", null);
        }
        if (queries.size() > MAX_BULK_ITEMS) {
            throw new TooManyItemsException(queries.size(), MAX_BULK_ITEMS);
        }
        Answer[] answers = new Answer[queries.size()];
        Hash[] hashes = new Hash[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            try {
                String query = queries.get(i);
                if (query == null) {
                    throw new InvalidInputException("invalid-hash", "item is null", null);
                }
                hashes[i] = kind == ObjectKind.CERTIFICATE ? Hash.parse(query, HashType.SHA256) : Hash.parse(query);
            } catch (InvalidInputException e) {
                answers[i] = invalidItem(queries.get(i), e);
            }
        }
        // One lease and one snapshot of the local verdicts for the whole request.
        LocalIndex localIndex = local.get();
        try (Generation generation = lease()) {
            // One multi-get per key space, then results are put back in request order.
            for (HashType type : HashType.values()) {
                KeySpace space = kind == ObjectKind.CERTIFICATE ? KeySpace.CERT_SHA256 : KeySpace.forFileHash(type);
                if (kind == ObjectKind.CERTIFICATE && type != HashType.SHA256) {
                    continue;
                }
                List<Integer> positions = new ArrayList<>();
                List<byte[]> keys = new ArrayList<>();
                for (int i = 0; i < hashes.length; i++) {
                    if (hashes[i] != null && hashes[i].type() == type) {
                        positions.add(i);
                        keys.add(hashes[i].bytes());
                    }
                }
                List<byte[]> values = generation.getAll(space, keys);
                for (int j = 0; j < positions.size(); j++) {
                    int i = positions.get(j);
                    answers[i] = answer(queries.get(i), hashes[i], space, generation, values.get(j), localIndex);
                }
            }
        }
        return Arrays.asList(answers);
    }

    private Generation lease() {
        return store.acquire().orElseThrow(NoDatasetException::new);
    }

    private static Answer answer(
            String query, Hash hash, KeySpace space, Generation generation, byte[] value, LocalIndex local) {
        DatasetInfo info = generation.info();
        Answer.Source source = Answer.Source.vendor(info.dataset(), info.sequence());
        String type = hash.type().label();
        ReputationRecord record =
                value == null ? null : RecordCodec.decode(space, hash.bytes(), value, generation.threatNames());
        Answer.Hashes hashes = null;
        if (record instanceof ReputationRecord.File file) {
            hashes = new Answer.Hashes(
                    hex(file.hashes().md5()),
                    hex(file.hashes().sha1()),
                    hex(file.hashes().sha256()));
        }
        LocalIndex.Entry override = local.size() == 0 ? null : localVerdict(hash, space, record, local);
        if (override == null && record == null) {
            return new Answer(query, type, Zone.GREY, Category.UNKNOWN, null, null, null, null, null, source, null);
        }
        Verdict verdict = override != null ? override.verdict() : record.verdict();
        return new Answer(
                query,
                type,
                verdict.zone(),
                verdict.category(),
                verdict.threatName(),
                verdict.firstSeen(),
                verdict.lastSeen(),
                // An operator's verdict carries no popularity; 0 would claim one.
                override != null ? null : verdict.popularity(),
                hashes,
                override != null ? Answer.Source.local(override.id(), override.createdBy()) : source,
                null);
    }

    private static Answer invalidItem(String query, InvalidInputException e) {
        return new Answer(
                query,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new Answer.ItemError(e.problemType(), e.detail()));
    }

    /**
     * The local verdict on this object (ADR 0009): on the digest asked for, or, since a vendor
     * record names a file's other digests, on any of those, strongest first. So a verdict set on a
     * file's SHA-256 also answers a query by its MD5 when the vendor knows both.
     */
    private static LocalIndex.Entry localVerdict(Hash hash, KeySpace space, ReputationRecord record, LocalIndex local) {
        LocalIndex.Entry entry = local.find(space, hash.bytes());
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

    private static String hex(Hash hash) {
        return hash == null ? null : hash.hex();
    }
}
