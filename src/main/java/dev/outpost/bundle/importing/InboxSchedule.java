package dev.outpost.bundle.importing;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.scheduler.Scheduled;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.config.DataDirectory;
import dev.outpost.config.OutpostConfig;
import dev.outpost.trust.TrustAnchor;

/** Runs the {@link InboxScanner} on its schedule, in the server only. */
@ApplicationScoped
public class InboxSchedule {
    private final InboxScanner scanner;
    private final OutpostConfig config;

    public InboxSchedule(InboxScanner scanner, OutpostConfig config) {
        this.scanner = scanner;
        this.config = config;
    }

    @Produces
    @Singleton
    static InboxScanner inboxScanner(
            ImportService imports,
            TrustAnchor trust,
            OutpostConfig config,
            DataDirectory directories,
            ImportProblems problems) {
        OutpostConfig.Inbox inbox = config.inbox();
        return new InboxScanner(
                directories.inbox(),
                new InboxScanner.Settings(inbox.pattern(), inbox.afterImport(), inbox.incompleteTimeout()),
                HandledBundles.load(directories.inboxHandled()),
                trust,
                BundleLimits.of(config.bundle()),
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
        if (config.inbox().enabled() && "serve".equals(config.role())) {
            scanner.scan();
        }
    }
}
