package dev.outpost.publishing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.BundleVerifier;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.PartEntries;
import dev.outpost.bundle.PartReader;
import dev.outpost.bundle.VerifiedBundle;
import dev.outpost.io.RejectedException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.trust.TrustAnchor;

/**
 * Reads the records of a full bundle back, for a publisher building a delta from two bundles. The
 * bundle is verified first, as an import verifies it (signatures before parsing, part digests,
 * record order and encoding), and each record is decoded once, from its primary entry, which
 * carries all of its digests.
 */
public final class BundleRecords {
    private BundleRecords() {}

    /** Receives a bundle's name dictionary first (if it cares), then its records. */
    @FunctionalInterface
    public interface Sink {
        void record(ReputationRecord record);

        default void names(List<String> names) {}
    }

    public static void read(Path bundle, TrustAnchor trust, Sink sink) throws IOException {
        try (FileChannel file = FileChannel.open(bundle, StandardOpenOption.READ)) {
            VerifiedBundle verified = new BundleVerifier(trust, BundleLimits.DEFAULTS).verify(file, Instant.now());
            Manifest manifest = verified.manifest();
            if (manifest.isDelta()) {
                throw new RejectedException(
                        "unsupported-kind", bundle.getFileName() + " is a delta; deltas are built from full bundles");
            }
            long offset = verified.partsOffset();
            String[] names = new String[0];
            for (Manifest.Part part : manifest.parts()) {
                PartReader reader = new PartReader(file, offset, part);
                try {
                    if (part.name().equals(BundleFormat.NAMES_PART)) {
                        List<String> read = PartReader.readNames(reader, part);
                        names = read.toArray(String[]::new);
                        sink.names(List.copyOf(read));
                    } else {
                        KeySpace space = KeySpace.byId(part.name()).orElseThrow();
                        PartEntries entries =
                                new PartEntries(reader, part, space, names.length, true, manifest.allowsListedNames());
                        while (entries.next()) {
                            if (entries.primary()) {
                                sink.record(RecordCodec.decode(
                                        space,
                                        entries.key().clone(),
                                        Arrays.copyOf(entries.value(), entries.length()),
                                        names));
                            }
                        }
                        entries.finish();
                    }
                } catch (RejectedException e) {
                    throw reader.blame(e);
                }
                offset += part.size();
            }
        }
    }
}
