package dev.outpost.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.outpost.io.RejectedException;

/**
 * Root keys pinned in configuration and the chain of root documents walked from them (ADR 0006).
 * The chain lives in {@code <data-dir>/trust/roots/<version>.root}, one signed root per file in the
 * roots-section framing; it grows only through {@link #accept}, after a bundle was activated, and is
 * re-walked from the pinned keys at every start: a file is trusted because it verifies, not because
 * it is there.
 */
public final class RootTrust implements TrustAnchor {
    private static final Logger LOG = Logger.getLogger(RootTrust.class);
    private static final Pattern FILE_NAME = Pattern.compile("([1-9][0-9]{0,9})\\.root");

    private final TrustedKeys pinned;
    private final Path directory;
    /** The trusted chain, version 1 first; guarded by {@code this}. */
    private final List<SignedRoot> chain = new ArrayList<>();

    private RootDocument current;

    private RootTrust(TrustedKeys pinned, Path directory) {
        this.pinned = pinned;
        this.directory = directory;
    }

    /**
     * Pins {@code pinned} and re-walks the chain stored in {@code directory}, trusting the newest
     * version that verifies. A stored root that does not verify (the operator re-pinned other root
     * keys, or a file was altered) ends the walk there, with a warning naming the reason.
     */
    public static RootTrust load(TrustedKeys pinned, Path directory) {
        RootTrust trust = new RootTrust(pinned, directory);
        if (pinned.isEmpty()) {
            return trust;
        }
        TreeMap<Long, Path> files = storedFiles(directory);
        long expected = 1;
        for (var entry : files.entrySet()) {
            if (entry.getKey() != expected) {
                LOG.warnf(
                        "Stored root chain in %s has no version %d; trusting up to version %d",
                        directory, expected, expected - 1);
                break;
            }
            try {
                SignedRoot root = RootSection.readFile(entry.getValue());
                trust.current = RootChain.advance(pinned, trust.current, List.of(root));
                trust.chain.add(root);
                expected++;
            } catch (RejectedException e) {
                LOG.warnf(
                        "Stored root %s is not trusted (%s: %s); trusting up to version %d",
                        entry.getValue(), e.reason(), e.detail(), expected - 1);
                break;
            }
        }
        if (trust.current != null) {
            LOG.infof(
                    "Trusting root version %d (expires %s): %d release key(s), %d of them must sign",
                    trust.current.version(),
                    trust.current.expires(),
                    trust.current.releaseKeys().size(),
                    trust.current.releaseThreshold());
        }
        return trust;
    }

    /** The newest trusted root version; 0 when only the pinned keys are trusted. */
    public synchronized long version() {
        return current == null ? 0 : current.version();
    }

    @Override
    public boolean isEmpty() {
        return pinned.isEmpty();
    }

    @Override
    public synchronized Grant grant(List<SignedRoot> carried, Instant now) {
        // Bundles carry the chain from version 1 so that any appliance can catch up; documents this
        // appliance already trusts are recognised by their exact bytes, without being parsed again.
        List<SignedRoot> fresh =
                carried.stream().filter(root -> !isTrusted(root)).toList();
        RootDocument root = RootChain.walk(pinned, current, fresh, now);
        return new Grant(root.releaseTrust(), root.version(), fresh);
    }

    @Override
    public synchronized void accept(Grant grant) {
        if (grant.newRoots().isEmpty()) {
            return;
        }
        // Imports run one at a time, so the grant still continues this chain; re-walking it costs
        // a few signature checks and makes sure of it. Each root is trusted once it is stored, so a
        // failed write leaves a shorter chain, never a gap.
        for (SignedRoot root : grant.newRoots()) {
            RootDocument next = RootChain.advance(pinned, current, List.of(root));
            RootSection.writeFile(directory.resolve(next.version() + ".root"), root);
            chain.add(root);
            current = next;
        }
        LOG.infof("Now trusting root version %d (expires %s)", current.version(), current.expires());
    }

    private boolean isTrusted(SignedRoot root) {
        byte[] document = root.document();
        return chain.stream().anyMatch(trusted -> Arrays.equals(trusted.document(), document));
    }

    private static TreeMap<Long, Path> storedFiles(Path directory) {
        TreeMap<Long, Path> files = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (Stream<Path> list = Files.list(directory)) {
            for (Path file : list.toList()) {
                Matcher name = FILE_NAME.matcher(file.getFileName().toString());
                if (file.getFileName().toString().endsWith(".root.tmp")) {
                    // A write that a crash cut short; the root was never trusted.
                    Files.deleteIfExists(file);
                } else if (name.matches() && Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    files.put(Long.parseLong(name.group(1)), file);
                } else {
                    LOG.warnf("Ignoring %s: not a stored root (<version>.root)", file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list stored roots in " + directory, e);
        }
        return files;
    }
}
