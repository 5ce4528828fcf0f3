package dev.outpost.bundle.importing;

import java.util.Locale;

/**
 * The recorded states of an import (issue 4), in order. Each is written to the import's journal
 * before the next step starts, so that after a crash the journal says how far the import got.
 */
public enum ImportState {
    /** The bundle is copied into local staging, flushed, and its SHA-256 is known. */
    RECEIVED,
    /** Roots, signatures, manifest, expiry, dataset and sequence checks passed. */
    VERIFIED,
    /** A new generation is being written beside the live one. */
    STAGED,
    /** Every part verified and written, counts matched, the generation sealed. */
    BUILT,
    /** The new generation is the active one. */
    ACTIVATED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
