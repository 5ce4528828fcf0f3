package dev.outpost.metrics;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.Readiness;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

import dev.outpost.bundle.importing.ImportFinished;
import dev.outpost.health.DatasetReadinessCheck;
import dev.outpost.local.LocalVerdicts;
import dev.outpost.lookup.LookupMetrics;
import dev.outpost.stats.QueryLog;
import dev.outpost.stats.Tally;
import dev.outpost.store.GenerationStore;

/**
 * Wires Outpost's metrics into Micrometer's registry, served by Quarkus at {@code /q/metrics}
 * (docs/adr/0015-deployment.md lists them). Without a registry (an application built with {@code
 * quarkus.micrometer.enabled=false}, as the benchmark's metrics-off build is) nothing is recorded.
 */
@Singleton
public class Metrics {
    private final ImportCounters imports;

    public Metrics(Instance<MeterRegistry> registry) {
        this.imports = registry.isResolvable() ? new ImportCounters(registry.get()) : null;
    }

    /**
     * What the lookup path reports to: Micrometer's counters (when there is a registry), the
     * persisted statistics (always) and the query log (only while it is on, so that a lookup does no
     * query-log work otherwise; issue 14).
     */
    @Produces
    @Singleton
    LookupMetrics lookupMetrics(Instance<MeterRegistry> registry, Tally statistics, QueryLog queryLog) {
        return LookupMetrics.all(List.of(
                registry.isResolvable() ? new LookupCounters(registry.get()) : LookupMetrics.NONE,
                statistics,
                queryLog.enabled() ? queryLog : LookupMetrics.NONE));
    }

    void registerGauges(
            @Observes StartupEvent start,
            Instance<MeterRegistry> registry,
            GenerationStore store,
            @Readiness DatasetReadinessCheck readiness,
            LocalVerdicts localVerdicts,
            QueryLog queryLog) {
        if (registry.isResolvable()) {
            ApplianceGauges.register(registry.get(), store, readiness, localVerdicts);
            if (queryLog.enabled()) {
                FunctionCounter.builder("outpost.query.log.dropped", queryLog, QueryLog::dropped)
                        .description("Query log entries dropped: the queue was full, or the database refused them")
                        .register(registry.get());
            }
        }
    }

    void importFinished(@Observes ImportFinished event) {
        if (imports != null) {
            imports.finished(event);
        }
    }
}
