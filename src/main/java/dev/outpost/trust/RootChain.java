package dev.outpost.trust;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.outpost.io.RejectedException;

/**
 * Walks root documents from a trusted root to the newest one (ADR 0006, after TUF's client workflow
 * §5.3). Version N+1 must carry a threshold of signatures by N's root keys (checked on the raw bytes,
 * before parsing), be exactly version N+1, and carry a threshold of signatures by its own root keys.
 * The final root must not be expired at {@code now}, the time fixed when the import started.
 */
public final class RootChain {
    private RootChain() {}

    /**
     * @param pinned the root keys and threshold pinned in configuration: root version 0
     * @param trusted the newest root already trusted, or {@code null} if only the pinned keys are
     * @param candidates newer root documents in version order, as a bundle carries them
     * @return the newest root, or {@code trusted} if there are no candidates
     */
    public static RootDocument walk(
            TrustedKeys pinned, RootDocument trusted, List<SignedRoot> candidates, Instant now) {
        RootDocument current = advance(pinned, trusted, candidates);
        if (current == null) {
            throw new RejectedException(
                    "no-root", "no root document is trusted yet: the first bundle must carry root version 1");
        }
        if (!current.expires().isAfter(now)) {
            throw new RejectedException(
                    "root-expired",
                    "root version " + current.version() + " expired at " + current.expires()
                            + "; a bundle with a newer root is needed");
        }
        return current;
    }

    /**
     * The signature and version rules of {@link #walk} without the final expiry check: how a stored
     * chain is re-walked at start, where an expired root must still be known to be the newest.
     *
     * @return the newest root, or {@code trusted} (possibly {@code null}) if there are no candidates
     */
    public static RootDocument advance(TrustedKeys pinned, RootDocument trusted, List<SignedRoot> candidates) {
        if (pinned.isEmpty()) {
            throw new RejectedException(
                    "no-trusted-keys", "no root keys are pinned: configure outpost.trust.root-keys");
        }
        RootDocument current = trusted;
        for (SignedRoot candidate : candidates) {
            current = next(pinned, current, candidate);
        }
        return current;
    }

    private static RootDocument next(TrustedKeys pinned, RootDocument current, SignedRoot candidate) {
        long expected = current == null ? 1 : current.version() + 1;
        TrustedKeys signers = current == null ? pinned : current.rootTrust();
        Set<String> byPrevious = candidate.validSigners(signers);
        if (byPrevious.size() < signers.threshold()) {
            throw new RejectedException(
                    "root-insufficient-signatures",
                    "root version " + expected + " has " + byPrevious.size()
                            + " valid signature(s) by the keys of root version " + (expected - 1) + "; "
                            + signers.threshold() + " required");
        }
        RootDocument next = RootDocument.parse(candidate.document());
        if (next.version() != expected) {
            throw new RejectedException(
                    "root-version-mismatch",
                    "expected root version " + expected + " after version " + (expected - 1) + ", found version "
                            + next.version() + ": root versions must follow one another without gaps or repeats");
        }
        TrustedKeys own = next.rootTrust();
        Set<String> byOwn = candidate.validSigners(own);
        if (byOwn.size() < own.threshold()) {
            throw new RejectedException(
                    "root-not-self-signed",
                    "root version " + expected + " has " + byOwn.size() + " valid signature(s) by its own root keys; "
                            + own.threshold() + " required");
        }
        return next;
    }
}
