package dev.outpost.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import org.eclipse.microprofile.health.HealthCheckResponse;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.outpost.health.DatasetReadinessCheck;
import dev.outpost.local.LocalVerdicts;
import dev.outpost.store.BlockCacheUsage;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.GenerationStore;

/**
 * The appliance's state, read when Prometheus scrapes: the active dataset, readiness, the local
 * verdicts and the block cache. A dataset gauge is NaN while no dataset is active (Prometheus
 * treats it as no value), so that "sequence 0" or "age 0" is never claimed.
 */
final class ApplianceGauges {
    /** The dataset's record counts by the names it stores them under, and their {@code kind} labels. */
    private static final Map<String, String> RECORD_KINDS = Map.of(
            "files", "file",
            "certificates", "certificate",
            "urls", "url",
            "domains", "domain",
            "ipRanges", "ip");

    private ApplianceGauges() {}

    static void register(
            MeterRegistry registry,
            GenerationStore store,
            DatasetReadinessCheck readiness,
            LocalVerdicts localVerdicts) {
        dataset(
                registry,
                store,
                "outpost.dataset.sequence",
                null,
                "Sequence of the active dataset",
                info -> info.sequence());
        dataset(
                registry,
                store,
                "outpost.dataset.age",
                "seconds",
                "Seconds since the active dataset was created by its publisher",
                info -> Math.max(
                        0, Duration.between(info.created(), Instant.now()).toSeconds()));
        dataset(
                registry,
                store,
                "outpost.dataset.stale",
                null,
                "1 when the active dataset is stale (expired, or older than outpost.dataset.max-age)",
                info -> readiness.isStale(info) ? 1 : 0);
        dataset(
                registry,
                store,
                "outpost.dataset.expires.timestamp",
                "seconds",
                "When the active dataset expires (Unix time)",
                info -> info.expires().getEpochSecond());
        dataset(
                registry,
                store,
                "outpost.dataset.activated.timestamp",
                "seconds",
                "When this replica activated the active dataset (Unix time)",
                info -> info.activated().getEpochSecond());
        RECORD_KINDS.forEach((stored, kind) -> Gauge.builder("outpost.dataset.records", store, s -> s.activeInfo()
                        .map(info -> (double) info.counts().getOrDefault(stored, 0L))
                        .orElse(Double.NaN))
                .description("Records in the active dataset, by kind")
                .tag("kind", kind)
                .register(registry));
        Gauge.builder(
                        "outpost.ready",
                        readiness,
                        check -> check.check().getStatus() == HealthCheckResponse.Status.UP ? 1 : 0)
                .description("1 when readiness is UP: a verified, fresh dataset is served")
                .register(registry);
        Gauge.builder("outpost.local.verdicts", localVerdicts, verdicts -> verdicts.current()
                        .size())
                .description("Local verdicts in force on this replica")
                .register(registry);
        cache(
                registry,
                store,
                "outpost.store.block.cache.usage",
                "Bytes held by the store's block cache",
                BlockCacheUsage::usageBytes);
        cache(
                registry,
                store,
                "outpost.store.block.cache.pinned.usage",
                "Bytes of the block cache in use by readers",
                BlockCacheUsage::pinnedUsageBytes);
        cache(
                registry,
                store,
                "outpost.store.block.cache.capacity",
                "Capacity of the store's block cache (outpost.store.block-cache-bytes)",
                BlockCacheUsage::capacityBytes);
    }

    private static void dataset(
            MeterRegistry registry,
            GenerationStore store,
            String name,
            String unit,
            String description,
            ToDoubleFunction<DatasetInfo> value) {
        Gauge.builder(name, store, s -> {
                    Optional<DatasetInfo> info = s.activeInfo();
                    return info.isPresent() ? value.applyAsDouble(info.get()) : Double.NaN;
                })
                .description(description)
                .baseUnit(unit)
                .register(registry);
    }

    private static void cache(
            MeterRegistry registry,
            GenerationStore store,
            String name,
            String description,
            ToDoubleFunction<BlockCacheUsage> value) {
        Gauge.builder(name, store, s -> s.blockCache().map(value::applyAsDouble).orElse(Double.NaN))
                .description(description)
                .baseUnit("bytes")
                .register(registry);
    }
}
