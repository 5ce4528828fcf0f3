package dev.outpost.bundle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.outpost.io.RejectedException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.ObjectKind;

/**
 * The signed manifest that binds a bundle together. It cannot exist half-valid: the compact
 * constructor checks every field, so a parsed manifest is a well-formed one. A delta names its
 * {@code base}, the exact state it applies to; {@code stateSha256} is the checksum of the state the
 * bundle results in ({@link StateChecksum}, ADR 0007), required for deltas.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
    "format",
    "dataset",
    "sequence",
    "created",
    "expires",
    "kind",
    "base",
    "stateSha256",
    "counts",
    "parts"
})
public record Manifest(
        int format,
        String dataset,
        long sequence,
        Instant created,
        Instant expires,
        String kind,
        Base base,
        String stateSha256,
        Map<String, Long> counts,
        List<Part> parts) {
    public static final String KIND_FULL = "full";
    public static final String KIND_DELTA = "delta";
    /** Parts that list keys a delta removes are named by this prefix and the key space id. */
    public static final String REMOVE_PREFIX = "remove-";

    private static final Pattern DATASET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public Manifest {
        if (format != BundleFormat.MANIFEST_FORMAT && format != BundleFormat.MANIFEST_FORMAT_LISTED_NAMES) {
            throw reject(
                    "unsupported-format",
                    "manifest format " + format + " is not supported (this version reads "
                            + BundleFormat.MANIFEST_FORMAT + " and " + BundleFormat.MANIFEST_FORMAT_LISTED_NAMES + ")");
        }
        if (dataset == null || !DATASET_NAME.matcher(dataset).matches()) {
            throw reject("malformed-manifest", "dataset name must match " + DATASET_NAME.pattern());
        }
        if (sequence < 1) {
            throw reject("malformed-manifest", "sequence must be at least 1");
        }
        if (created == null || expires == null || !expires.isAfter(created)) {
            throw reject("malformed-manifest", "created and expires are required and expires must be after created");
        }
        if (!KIND_FULL.equals(kind) && !KIND_DELTA.equals(kind)) {
            throw reject(
                    "unsupported-kind", "bundle kind '" + kind + "' is not supported by this version (full, delta)");
        }
        if (stateSha256 != null && !SHA256_HEX.matcher(stateSha256).matches()) {
            throw reject("malformed-manifest", "stateSha256 must be a lowercase hex SHA-256 or null");
        }
        if (KIND_FULL.equals(kind) && base != null) {
            throw reject("malformed-manifest", "a full bundle has no base");
        }
        if (KIND_DELTA.equals(kind)) {
            if (base == null || stateSha256 == null) {
                throw reject("malformed-manifest", "a delta bundle needs its base and the stateSha256 it results in");
            }
            if (base.sequence() >= sequence) {
                throw reject(
                        "malformed-manifest",
                        "a delta's base sequence " + base.sequence() + " must be below its own sequence " + sequence);
            }
        }
        counts = validateCounts(counts);
        parts = validateParts(parts, KIND_DELTA.equals(kind));
    }

    @JsonIgnore // derived from kind; not a manifest field
    public boolean isDelta() {
        return KIND_DELTA.equals(kind);
    }

    /** Whether domain values may carry their names (format 2, ADR 0019); in format 1 a name is a corrupt record. */
    @JsonIgnore // derived from format; not a manifest field
    public boolean allowsListedNames() {
        return format >= BundleFormat.MANIFEST_FORMAT_LISTED_NAMES;
    }

    /** The exact dataset state a delta applies to (ADR 0007). */
    public record Base(long sequence, String stateSha256) {
        public Base {
            if (sequence < 1) {
                throw reject("malformed-manifest", "base.sequence must be at least 1");
            }
            if (stateSha256 == null || !SHA256_HEX.matcher(stateSha256).matches()) {
                throw reject("malformed-manifest", "base.stateSha256 must be a lowercase hex SHA-256");
            }
        }
    }

    /** The key space whose keys a {@code remove-…} part lists, if {@code name} is one. */
    public static Optional<KeySpace> removalSpace(String name) {
        return name.startsWith(REMOVE_PREFIX)
                ? KeySpace.byId(name.substring(REMOVE_PREFIX.length()))
                : Optional.empty();
    }

    private static Map<String, Long> validateCounts(Map<String, Long> counts) {
        if (counts == null) {
            throw reject("malformed-manifest", "counts are required");
        }
        Map<String, Long> copy = new LinkedHashMap<>();
        for (ObjectKind kind : ObjectKind.values()) {
            Long count = counts.get(kind.plural());
            if (count == null && counts.containsKey(kind.plural())) {
                // Absent is 0 for a kind a manifest may leave out; null is not a count (FORMAT.md).
                throw reject("malformed-manifest", "counts." + kind.plural() + " must be an integer, not null");
            }
            if (count == null && !kind.requiredInManifest()) {
                count = 0L;
            }
            if (count == null || count < 0) {
                throw reject("malformed-manifest", "counts." + kind.plural() + " is missing or negative");
            }
            copy.put(kind.plural(), count);
        }
        if (!copy.keySet().containsAll(counts.keySet())) {
            throw reject(
                    "unsupported-kind", "counts name an object kind this version does not know: " + counts.keySet());
        }
        // In ObjectKind order, not Map.copyOf's, whose iteration order changes from one JVM to the next:
        // the same records must make the same manifest bytes, so that a build can be reproduced.
        return java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Parts must be known, unique and in canonical order: names first, then key spaces, then (deltas
     * only) the removal parts in key space order.
     */
    private static List<Part> validateParts(List<Part> parts, boolean delta) {
        if (parts == null
                || parts.isEmpty()
                || !BundleFormat.NAMES_PART.equals(parts.get(0).name())) {
            throw reject("malformed-manifest", "parts must start with the '" + BundleFormat.NAMES_PART + "' part");
        }
        Set<String> seen = new HashSet<>();
        int lastOrdinal = -1;
        for (Part part : parts) {
            if (part == null) {
                throw reject("malformed-manifest", "a part entry is null");
            }
            if (!seen.add(part.name())) {
                throw reject("duplicate-part", "part '" + part.name() + "' is listed twice");
            }
            if (part.name().equals(BundleFormat.NAMES_PART)) {
                continue;
            }
            Optional<KeySpace> removal = removalSpace(part.name());
            if (removal.isPresent() && !delta) {
                throw reject("malformed-manifest", "a full bundle cannot remove records: part '" + part.name() + "'");
            }
            KeySpace space = removal.or(() -> KeySpace.byId(part.name()))
                    .orElseThrow(
                            () -> reject("unsupported-kind", "part '" + part.name() + "' is not a known key space"));
            int ordinal = space.ordinal() + (removal.isPresent() ? KeySpace.values().length : 0);
            if (ordinal <= lastOrdinal) {
                throw reject("malformed-manifest", "parts are not in canonical order at '" + part.name() + "'");
            }
            lastOrdinal = ordinal;
        }
        return List.copyOf(new ArrayList<>(parts));
    }

    /** Total size of all parts in bytes; overflow-safe because each part size is bounded. */
    public long partsBytes() {
        return parts.stream().mapToLong(Part::size).sum();
    }

    static RejectedException reject(String reason, String detail) {
        return new RejectedException(reason, detail);
    }

    /** One part: its name, exact size, SHA-256 of its bytes and number of entries. */
    @JsonPropertyOrder({"name", "size", "sha256", "entries"})
    public record Part(String name, long size, String sha256, long entries) {
        /** A part may not be larger than this (64 GiB): keeps sums far from overflow. */
        public static final long MAX_PART_BYTES = 1L << 36;

        public Part {
            if (name == null || name.isEmpty()) {
                throw reject("malformed-manifest", "a part has no name");
            }
            if (size < 0 || size > MAX_PART_BYTES) {
                throw reject("malformed-manifest", "part '" + name + "' has an invalid size " + size);
            }
            if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
                throw reject("malformed-manifest", "part '" + name + "' needs a lowercase hex SHA-256");
            }
            if (entries < 0) {
                throw reject("malformed-manifest", "part '" + name + "' has a negative entry count");
            }
        }
    }
}
