package dev.outpost.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.outpost.bundle.importing.ImportProblems;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.GenerationStore;
import dev.outpost.trust.TrustAnchor;

/**
 * Ready means: the store is open, a verified dataset is active, and it is not stale (unless the
 * operator chose to only warn). The data says which dataset, how old it is, why it is stale, and why
 * the last bundle did not get in when that was no fault of the bundle's.
 */
@Readiness
@ApplicationScoped
public class DatasetReadinessCheck implements InMemoryHealthCheck {
    private final GenerationStore store;
    private final TrustAnchor trust;
    private final Optional<Duration> maxAge;
    private final DatasetConfig.WhenStale whenStale;
    private final Clock clock;
    private final ImportProblems problems;

    @Inject
    public DatasetReadinessCheck(
            GenerationStore store, TrustAnchor trust, DatasetConfig config, ImportProblems problems) {
        this(store, trust, config.maxAge(), config.whenStale(), Clock.systemUTC(), problems);
    }

    DatasetReadinessCheck(
            GenerationStore store,
            TrustAnchor trust,
            Optional<Duration> maxAge,
            DatasetConfig.WhenStale whenStale,
            Clock clock) {
        this(store, trust, maxAge, whenStale, clock, new ImportProblems());
    }

    DatasetReadinessCheck(
            GenerationStore store,
            TrustAnchor trust,
            Optional<Duration> maxAge,
            DatasetConfig.WhenStale whenStale,
            Clock clock,
            ImportProblems problems) {
        if (maxAge.isPresent() && (maxAge.get().isNegative() || maxAge.get().isZero())) {
            // Would call every dataset stale: a typo, not a policy.
            throw new IllegalArgumentException("outpost.dataset.max-age must be positive, got " + maxAge.get());
        }
        this.store = store;
        this.trust = trust;
        this.maxAge = maxAge;
        this.whenStale = whenStale;
        this.clock = clock;
        this.problems = problems;
    }

    @Override
    public HealthCheckResponse check() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("dataset");
        // Why the last bundle did not get in (a full disk, an incomplete copy): said here, but it
        // changes nothing about UP or DOWN, which is about the dataset served (issue 11 item 5).
        problems.last().ifPresent(problem -> response.withData("lastImportProblem", problem.describe()));
        if (!store.isOpen()) {
            return response.down().withData("reason", "the store is closed").build();
        }
        Optional<DatasetInfo> active = store.activeInfo();
        if (active.isEmpty()) {
            String reason = trust.isEmpty()
                    ? "no dataset is active and no signing keys are trusted: configure outpost.trust.root-keys"
                    : "no dataset is active: import a signed bundle (inbox or CLI)";
            return response.down().withData("reason", reason).build();
        }
        DatasetInfo info = active.get();
        Instant now = clock.instant();
        Duration age = Duration.between(info.created(), now);
        response.withData("dataset", info.dataset())
                .withData("sequence", info.sequence())
                .withData("ageSeconds", Math.max(0, age.toSeconds()))
                .withData("expires", info.expires().toString());
        Optional<String> stale = staleness(info, age, now);
        if (stale.isEmpty()) {
            return response.up().build();
        }
        response.withData("stale", stale.get());
        return whenStale == DatasetConfig.WhenStale.FAIL
                ? response.down().withData("reason", stale.get()).build()
                : response.up().build();
    }

    /** Whether {@code info} is stale now: expired, or older than {@code outpost.dataset.max-age}. */
    public boolean isStale(DatasetInfo info) {
        Instant now = clock.instant();
        return staleness(info, Duration.between(info.created(), now), now).isPresent();
    }

    private Optional<String> staleness(DatasetInfo info, Duration age, Instant now) {
        if (!now.isBefore(info.expires())) {
            return Optional.of("the active dataset expired at " + info.expires() + ": import a newer bundle");
        }
        if (maxAge.isPresent() && age.compareTo(maxAge.get()) > 0) {
            return Optional.of("the active dataset was created " + info.created() + ", longer ago than "
                    + "outpost.dataset.max-age (" + maxAge.get() + "): import a newer bundle");
        }
        return Optional.empty();
    }
}
