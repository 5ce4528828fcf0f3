package dev.outpost.bundle.importing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.BundleLimits;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.trust.TrustAnchor;

/**
 * One pass over the inbox (a mounted USB stick, a shared volume) at a time, in plain Java so that
 * tests can run it over any directory ({@link InboxSchedule} runs it in the application). Issue 11
 * items 4, 6 and 7:
 *
 * <ul>
 *   <li>only regular files whose name matches the pattern and that start with the bundle magic are
 *       touched; everything else is left alone, costs no part of a scan's budget, and is never
 *       opened unless it is a regular file (a pipe would block the scan);
 *   <li>a file is looked at once its size and modification time held across two scans, and
 *       imported only once it is as long as it declares; a shorter one is waited for and reported
 *       after the incomplete timeout, never removed;
 *   <li>a handled bundle is remembered per replica ({@link HandledBundles}) and, unless the operator
 *       chose {@code after-import=delete}, left where it is; it is never removed while it changes;
 *   <li>a local failure (a full disk) leaves the bundle to be tried again at the next scan.
 * </ul>
 */
public final class InboxScanner {
    private static final Logger LOG = Logger.getLogger(InboxScanner.class);
    /** Files opened (checked, hashed or imported) in one scan; skipped entries do not count. */
    static final int MAX_FILES_PER_SCAN = 100;
    /** Names that match the pattern considered per scan, so that a flooded inbox cannot exhaust memory. */
    static final int MAX_NAMES_PER_SCAN = 10_000;
    /**
     * Rejections that say more about this appliance than about the bundle's bytes: its trusted keys,
     * its clock, its active dataset. The bundle is not remembered as handled for them.
     */
    static final Set<String> DEFERRED_REASONS = Set.of(
            "unknown-key",
            "insufficient-signatures",
            "expired",
            "created-in-future",
            "dataset-mismatch",
            "wrong-base",
            "rollback");
    /** How long a deferred rejection stands before the bundle is tried again anyway. */
    static final Duration DEFERRED_RETRY = Duration.ofMinutes(30);

    /** Imports one file of the inbox: {@link ImportService#importFromInbox} in the application. */
    @FunctionalInterface
    public interface Importer {
        ImportService.Imported importFile(Path file) throws IOException;
    }

    /** The operator's choices for the inbox ({@code outpost.inbox.*}). */
    public record Settings(String pattern, InboxConfig.AfterImport afterImport, Duration incompleteTimeout) {
        public Settings {
            if (pattern == null || pattern.isBlank()) {
                throw new InvalidInputException(
                        "invalid-config", "outpost.inbox.pattern must name the bundle files, e.g. *.bundle", pattern);
            }
            if (afterImport == null || incompleteTimeout == null || incompleteTimeout.isNegative()) {
                throw new InvalidInputException(
                        "invalid-config",
                        "outpost.inbox.incomplete-timeout must not be negative",
                        String.valueOf(incompleteTimeout));
            }
        }
    }

    private final Path inbox;
    private final Settings settings;
    private final PathMatcher bundleNames;
    private final HandledBundles handled;
    private final BundleCompleteness completeness;
    private final long maxBundleBytes;
    private final Importer importer;
    private final ImportProblems problems;
    private final Clock clock;
    private final Map<String, Observed> observed = new HashMap<>();
    private final Set<String> noted = new HashSet<>();
    /** Bundles activated through this scanner: a deferred rejection is tried again after one. */
    private long activations;

    public InboxScanner(
            Path inbox,
            Settings settings,
            HandledBundles handled,
            TrustAnchor trust,
            BundleLimits limits,
            Importer importer,
            ImportProblems problems,
            Clock clock) {
        this.inbox = inbox;
        this.settings = settings;
        this.bundleNames = FileSystems.getDefault().getPathMatcher("glob:" + settings.pattern());
        this.handled = handled;
        this.completeness = new BundleCompleteness(trust, limits, clock);
        this.maxBundleBytes = limits.maxBundleBytes();
        this.importer = importer;
        this.problems = problems;
        this.clock = clock;
    }

    /** One pass over the inbox; returns how many bundles were handed to the importer. */
    public synchronized int scan() {
        Optional<List<String>> listed = list();
        if (listed.isEmpty()) {
            return 0;
        }
        int budget = MAX_FILES_PER_SCAN;
        int imported = 0;
        for (String name : listed.get()) {
            if (budget == 0) {
                break;
            }
            Path file = inbox.resolve(name);
            Optional<Stamp> stamp = stamp(file, name);
            if (stamp.isEmpty()
                    || handled.isUnchanged(name, stamp.get().size(), stamp.get().modifiedMillis())) {
                continue;
            }
            Observed before = observed.get(name);
            if (before == null || !before.stamp().equals(stamp.get())) {
                // New or still changing: looked at once it held still across two scans.
                observed.put(name, new Observed(stamp.get(), clock.instant(), State.WAITING, false, activations));
                continue;
            }
            switch (before.state()) {
                case DEFERRED -> {
                    if (activations != before.activations()
                            || !clock.instant().isBefore(before.since().plus(DEFERRED_RETRY))) {
                        // Something was activated since, or it was long ago: tried again next scan.
                        observed.put(
                                name, new Observed(before.stamp(), clock.instant(), State.WAITING, false, activations));
                    }
                }
                case NOT_A_BUNDLE -> {}
                case INCOMPLETE -> reportIfStalled(name, before);
                case WAITING -> {
                    budget--;
                    if (consider(file, name, before)) {
                        imported++;
                    }
                }
            }
        }
        return imported;
    }

    /** Sorted names that match the pattern; prunes what is remembered of files that have gone. */
    private Optional<List<String>> list() {
        List<String> names = new ArrayList<>();
        boolean complete = true;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // Hidden: the usual name of a copy in progress.
                }
                if (!bundleNames.matches(entry.getFileName())) {
                    noteOnce(name, Logger.Level.DEBUG, "its name does not match outpost.inbox.pattern");
                    continue;
                }
                if (names.size() == MAX_NAMES_PER_SCAN) {
                    complete = false;
                    break;
                }
                names.add(name);
            }
        } catch (IOException e) {
            LOG.errorf("Cannot list the inbox %s: %s", inbox, e.getMessage());
            return Optional.empty();
        }
        if (complete) {
            // What is remembered of handled bundles is not pruned here: an empty mount point (the
            // stick pulled out) would forget them all, and the stick's return would import them
            // again. The memory is bounded by count instead (HandledBundles.MAX_ENTRIES).
            observed.keySet().retainAll(names);
        }
        Collections.sort(names);
        return Optional.of(names);
    }

    /** Size and time of a regular file; directories, links, pipes and devices are skipped unopened. */
    private Optional<Stamp> stamp(Path file, String name) {
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                noteOnce(name, Logger.Level.INFO, "it is not a regular file (a directory, link, pipe or device)");
                return Optional.empty();
            }
            return Optional.of(
                    new Stamp(attributes.size(), attributes.lastModifiedTime().toMillis()));
        } catch (IOException e) {
            return Optional.empty(); // Gone since the listing.
        }
    }

    /** A file that held still: checks it is a whole bundle, then imports it unless it was handled. */
    private boolean consider(Path file, String name, Observed seen) {
        Stamp stamp = seen.stamp();
        try {
            switch (completeness.check(file)) {
                case NOT_A_BUNDLE -> {
                    observed.put(name, seen.in(State.NOT_A_BUNDLE));
                    LOG.infof("Leaving %s in the inbox: it is not an Outpost bundle", safe(name));
                    return false;
                }
                case INCOMPLETE -> {
                    observed.put(name, seen.in(State.INCOMPLETE));
                    LOG.infof("Bundle %s is shorter than it declares; waiting for the rest of it", safe(name));
                    reportIfStalled(name, observed.get(name));
                    return false;
                }
                case COMPLETE -> {}
            }
            if (stamp.size() <= maxBundleBytes && handled.anyOfSize(stamp.size())) {
                String sha256 = sha256(file);
                Optional<HandledBundles.Entry> known = handled.bySha256(sha256);
                if (known.isPresent()) {
                    handled.remember(name, sha256, stamp.size(), stamp.modifiedMillis(), clock.instant());
                    observed.remove(name);
                    LOG.infof(
                            "Bundle %s has the same bytes as %s, handled before; not imported again",
                            safe(name), safe(known.get().name()));
                    return false;
                }
            }
            ImportService.Imported result = importer.importFile(file);
            if (result.outcome() instanceof ImportOutcome.LocalFailure) {
                return true; // Still WAITING: tried again at the next scan (issue 11 item 5).
            }
            if (result.outcome() instanceof ImportOutcome.Activated) {
                activations++;
            }
            if (result.outcome() instanceof ImportOutcome.Rejected rejected
                    && DEFERRED_REASONS.contains(rejected.reason())) {
                // Not remembered for good: a key pinned, a clock set right or the base imported
                // later makes the same bytes importable. Kept in memory until one of those can
                // have happened (an activation, a restart, or DEFERRED_RETRY).
                observed.put(name, new Observed(stamp, clock.instant(), State.DEFERRED, false, activations));
                LOG.infof(
                        "Bundle %s stays in the inbox; it is tried again after the next activation, a restart or %s",
                        safe(name), DEFERRED_RETRY);
                return true;
            }
            settle(file, name, stamp, result.sha256());
            return true;
        } catch (IOException e) {
            LOG.warnf("Cannot read %s in the inbox (%s); it is tried again", safe(name), e.getMessage());
            return false;
        }
    }

    /** The bundle was imported or rejected: remember it, and remove it only if asked to and unchanged. */
    private void settle(Path file, String name, Stamp before, String sha256) {
        observed.remove(name);
        Optional<Stamp> after = stamp(file, name);
        if (after.isEmpty() || !after.get().equals(before)) {
            // Written to while we imported it: neither remembered nor removed, looked at again.
            LOG.warnf("Bundle %s changed while it was imported; it is left in the inbox", safe(name));
            return;
        }
        if (sha256 != null) {
            handled.remember(name, sha256, before.size(), before.modifiedMillis(), clock.instant());
        }
        if (settings.afterImport() == InboxConfig.AfterImport.DELETE) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("Bundle %s stays in the inbox (%s); it is remembered as handled", safe(name), e.getMessage());
            }
        }
    }

    /** A bundle still shorter than it declares after the timeout: reported (once), never removed. */
    private void reportIfStalled(String name, Observed seen) {
        Duration unchanged = Duration.between(seen.since(), clock.instant());
        if (seen.reported() || unchanged.compareTo(settings.incompleteTimeout()) < 0) {
            return;
        }
        observed.put(name, new Observed(seen.stamp(), seen.since(), seen.state(), true, seen.activations()));
        String detail = "the file is " + seen.stamp().size() + " bytes, shorter than its header and signed manifest"
                + " declare, and has not changed since " + seen.since()
                + "; it is left in the inbox: complete the copy, or remove it";
        problems.report(new ImportProblems.ImportProblem(clock.instant(), safe(name), "incomplete", detail));
        LOG.warnf("Bundle %s is incomplete: %s", safe(name), detail);
    }

    private String sha256(Path file) throws IOException {
        MessageDigest digest = BundleFormat.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Logs once why an entry is left alone; the set is bounded like the listing. */
    private void noteOnce(String name, Logger.Level level, String why) {
        if (noted.size() >= MAX_NAMES_PER_SCAN) {
            noted.clear();
        }
        if (noted.add(name)) {
            LOG.logf(level, "Leaving %s in the inbox alone: %s", safe(name), why);
        }
    }

    private static String safe(String name) {
        return ImportService.safeFileName(name);
    }

    private enum State {
        /** Held still for one scan so far, or failed locally: looked at in the next scan. */
        WAITING,
        /** Rejected for a reason this appliance's state or settings decide: see {@link #DEFERRED_REASONS}. */
        DEFERRED,
        INCOMPLETE,
        NOT_A_BUNDLE
    }

    private record Stamp(long size, long modifiedMillis) {}

    /** What a file looked like when first seen with this stamp, and what was found. */
    private record Observed(Stamp stamp, Instant since, State state, boolean reported, long activations) {
        Observed in(State next) {
            return new Observed(stamp, since, next, reported, activations);
        }
    }
}
