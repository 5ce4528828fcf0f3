package dev.outpost.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.importing.ImportProblems;
import dev.outpost.health.DatasetConfig.WhenStale;
import dev.outpost.reputation.KeySpace;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.GenerationBuilder;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.TrustedKeys;

/** Freeze protection in readiness, against a real store holding a dataset created 2026-01-01. */
class DatasetStalenessTest {
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;

    private RocksGenerationStore store;
    private final TrustedKeys trust = TrustedKeys.of(1, KeyFiles.generate().getPublic());

    @BeforeEach
    void activateADataset() {
        store = RocksGenerationStore.open(dir.resolve("generations"), StoreTuning.DEFAULTS);
        try (GenerationBuilder builder = store.newGeneration(7)) {
            try (GenerationBuilder.PartWriter part = builder.openPart(KeySpace.FILE_SHA256)) {
                part.put(new byte[32], new byte[] {1});
                part.finish();
            }
            builder.seal(
                    new DatasetInfo(
                            "acme", 7, CREATED, EXPIRES, CREATED, "00", List.of("k"), Map.of("files", 1L), null),
                    List.of());
            store.activate(builder);
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    private HealthCheckResponse check(Optional<Duration> maxAge, WhenStale whenStale, String now) {
        Clock clock = Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        return new DatasetReadinessCheck(store, trust, maxAge, whenStale, clock).check();
    }

    @Test
    void aFreshDatasetIsReadyAndReportsItsAge() {
        HealthCheckResponse response = check(Optional.of(Duration.ofDays(14)), WhenStale.FAIL, "2026-01-08T00:00:00Z");

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().orElseThrow())
                .containsEntry("sequence", 7L)
                .containsEntry("ageSeconds", 7 * 86400L)
                .doesNotContainKey("stale");
    }

    @Test
    void olderThanMaxAgeFailsClosedByDefault() {
        HealthCheckResponse response = check(Optional.of(Duration.ofDays(14)), WhenStale.FAIL, "2026-01-20T00:00:00Z");

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat((String) response.getData().orElseThrow().get("reason")).contains("outpost.dataset.max-age");
    }

    @Test
    void warnKeepsAStaleDatasetReadyButFlagsIt() {
        HealthCheckResponse response = check(Optional.of(Duration.ofDays(14)), WhenStale.WARN, "2026-01-20T00:00:00Z");

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat((String) response.getData().orElseThrow().get("stale")).contains("longer ago than");
    }

    @Test
    void aMaxAgeThatIsNotPositiveIsRefused() {
        for (Duration bad : List.of(Duration.ZERO, Duration.ofDays(-1))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DatasetReadinessCheck(
                            store, trust, Optional.of(bad), WhenStale.FAIL, Clock.systemUTC()))
                    .hasMessageContaining("outpost.dataset.max-age must be positive");
        }
    }

    @Test
    void anExpiredDatasetIsStaleEvenWithoutMaxAge() {
        HealthCheckResponse before = check(Optional.empty(), WhenStale.FAIL, "2026-02-28T23:59:59Z");
        HealthCheckResponse after = check(Optional.empty(), WhenStale.FAIL, "2026-03-01T00:00:00Z");

        assertThat(before.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(after.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat((String) after.getData().orElseThrow().get("reason")).contains("expired at 2026-03-01T00:00:00Z");
    }

    /** Issue 11 item 5: readiness says why the last bundle did not get in, and stays UP. */
    @Test
    void reportsTheLastImportProblemWithoutGoingDown() {
        ImportProblems problems = new ImportProblems();
        problems.report(new ImportProblems.ImportProblem(
                Instant.parse("2026-01-02T00:00:00Z"), "next.bundle", "no-space", "the disk is full"));
        Clock clock = Clock.fixed(Instant.parse("2026-01-08T00:00:00Z"), ZoneOffset.UTC);

        HealthCheckResponse response =
                new DatasetReadinessCheck(store, trust, Optional.empty(), WhenStale.FAIL, clock, problems).check();

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().orElseThrow().get("lastImportProblem").toString())
                .contains("next.bundle")
                .contains("no-space")
                .contains("the disk is full");
    }
}
