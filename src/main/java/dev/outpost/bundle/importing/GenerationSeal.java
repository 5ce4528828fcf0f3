package dev.outpost.bundle.importing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.StateChecksum;
import dev.outpost.bundle.VerifiedBundle;
import dev.outpost.io.RejectedException;
import dev.outpost.reputation.ObjectKind;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.GenerationBuilder;
import dev.outpost.store.GenerationStore;

/**
 * The one tail that full and delta imports share: the resulting dataset must hold what the manifest
 * declares (record counts per kind and, when given, the state checksum of ADR 0007) before the new
 * generation is sealed with its dataset information and made active. Nothing is activated that
 * failed a check; the builder is discarded by its owner.
 */
final class GenerationSeal {
    private GenerationSeal() {}

    /**
     * Safe Browsing's rule: a state that differs from the publisher's is discarded whole, which
     * closing the unactivated builder does.
     */
    static void sealAndActivate(
            GenerationStore store,
            GenerationBuilder builder,
            VerifiedBundle verified,
            String bundleSha256,
            Instant now,
            Map<ObjectKind, Long> records,
            StateChecksum state,
            List<String> names,
            ImportProgress progress) {
        Manifest manifest = verified.manifest();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ObjectKind kind : ObjectKind.values()) {
            long declared = manifest.counts().get(kind.plural());
            long found = records.getOrDefault(kind, 0L);
            if (declared != found) {
                throw new RejectedException(
                        "count-mismatch",
                        "manifest declares " + declared + " " + kind.plural() + " but the resulting dataset holds "
                                + found);
            }
            counts.put(kind.plural(), found);
        }
        if (manifest.stateSha256() != null && !manifest.stateSha256().equals(state.sha256())) {
            throw new RejectedException(
                    "state-mismatch",
                    "the resulting state checksum is " + state.sha256() + " but the manifest says "
                            + manifest.stateSha256() + "; the new generation was discarded");
        }
        DatasetInfo info = new DatasetInfo(
                manifest.dataset(),
                manifest.sequence(),
                manifest.created(),
                manifest.expires(),
                now,
                bundleSha256,
                verified.signerKeyIds(),
                counts,
                state.state());
        long total = manifest.partsBytes();
        progress.update("activating", total, total);
        builder.seal(info, names);
        progress.reached(ImportState.BUILT);
        store.activate(builder);
    }
}
