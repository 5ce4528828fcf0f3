package dev.outpost.trust;

import java.time.Instant;
import java.util.List;

import dev.outpost.io.RejectedException;

/**
 * Decides which keys may sign a bundle's manifest (ADR 0006). Either a flat list of configured
 * release keys ({@link TrustedKeys}) or pinned root keys with the chain of root documents walked
 * from them ({@link dev.outpost.trust.RootTrust}).
 */
public interface TrustAnchor {
    /**
     * The release keys for a bundle that carries {@code carried} root documents, checked at {@code
     * now}, the time fixed when the import started. Throws {@link RejectedException} when the
     * roots do not verify or nothing is trusted. Changes nothing: see {@link #accept}.
     */
    Grant grant(List<SignedRoot> carried, Instant now);

    /** The bundle granted by {@code grant} was activated: trust the roots it carried from now on. */
    void accept(Grant grant);

    /** True when no bundle can be accepted because nothing is trusted (deny by default). */
    boolean isEmpty();

    /**
     * @param releaseKeys the keys whose signatures on the manifest count, with their threshold
     * @param rootVersion the root version that named them; 0 for configured release keys
     * @param newRoots root documents the bundle carried beyond those already trusted, in order
     */
    record Grant(TrustedKeys releaseKeys, long rootVersion, List<SignedRoot> newRoots) {
        public Grant {
            newRoots = List.copyOf(newRoots);
        }
    }
}
