package dev.outpost.bundle.importing;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.scheduler.Scheduled;

import dev.outpost.bundle.BundleConfig;
import dev.outpost.config.CoreConfig;
import dev.outpost.config.DataDirectory;
import dev.outpost.config.Role;
import dev.outpost.trust.TrustAnchor;

/** Runs the {@link InboxScanner} on its schedule, in the server only. */
@ApplicationScoped
public class InboxSchedule {
    private final InboxScanner scanner;
    private final boolean enabled;

    public InboxSchedule(InboxScanner scanner, InboxConfig inbox, CoreConfig core) {
        this.scanner = scanner;
        this.enabled = inbox.enabled() && core.role() == Role.SERVE;
    }

    @Produces
    @Singleton
    static InboxScanner inboxScanner(
            ImportService imports,
            TrustAnchor trust,
            InboxConfig inbox,
            BundleConfig bundle,
            DataDirectory directories,
            ImportProblems problems) {
        return new InboxScanner(
                inbox.directoryIn(directories),
                inbox.settings(),
                HandledBundles.load(directories.inboxHandled()),
                trust,
                bundle.limits(),
                imports::importFromInbox,
                problems,
                Clock.systemUTC());
    }

    @Scheduled(
            identity = "inbox-scan",
            every = "${outpost.inbox.scan-interval}",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledScan() {
        if (enabled) {
            scanner.scan();
        }
    }
}
