package dev.outpost.bundle.importing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.BundleVerifier;
import dev.outpost.io.RejectedException;
import dev.outpost.trust.TrustAnchor;

/**
 * Whether a file in the inbox is a whole bundle yet (issue 11 item 6). A bundle declares its size:
 * the header gives the lengths of roots, manifest and signatures, each bounded by the format, and
 * the manifest gives the sizes of the parts. A file shorter than that is still being copied (or the
 * copy stalled), not hostile: the inbox waits for it. The check is the verifier's own, read only and
 * in place: the manifest's sizes are believed only after its signatures verified, and the result is
 * used for nothing but deciding to wait; the import verifies everything again on its local copy.
 */
final class BundleCompleteness {
    enum Verdict {
        /** Complete as far as its declared sizes go: import it (which may still reject it). */
        COMPLETE,
        /** Shorter than it declares: wait for it. */
        INCOMPLETE,
        /** Does not start with the bundle magic: not ours, leave it alone. */
        NOT_A_BUNDLE
    }

    private final BundleVerifier verifier;
    private final Clock clock;

    BundleCompleteness(TrustAnchor trust, BundleLimits limits, Clock clock) {
        this.verifier = new BundleVerifier(trust, limits);
        this.clock = clock;
    }

    /** Reads at most the header, roots, manifest and signatures; links are not followed. */
    Verdict check(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            verifier.verify(channel, clock.instant());
            return Verdict.COMPLETE;
        } catch (RejectedException e) {
            return switch (e.reason()) {
                // Ends before a declared section or part: also a file shorter than the 12-byte magic.
                case "truncated" -> Verdict.INCOMPLETE;
                case "not-a-bundle" -> Verdict.NOT_A_BUNDLE;
                default -> Verdict.COMPLETE;
            };
        } catch (RuntimeException e) {
            // Whatever else the verifier trips on, the import itself reports and quarantines.
            return Verdict.COMPLETE;
        }
    }
}
