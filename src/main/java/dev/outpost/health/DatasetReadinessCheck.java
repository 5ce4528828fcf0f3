package dev.outpost.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.outpost.bundle.TrustedKeys;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.GenerationStore;

/** Ready means: the store is open and a verified dataset is active. The data says which and how old. */
@Readiness
@ApplicationScoped
public class DatasetReadinessCheck implements HealthCheck {
    private final GenerationStore store;
    private final TrustedKeys trust;

    public DatasetReadinessCheck(GenerationStore store, TrustedKeys trust) {
        this.store = store;
        this.trust = trust;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("dataset");
        if (!store.isOpen()) {
            return response.down().withData("reason", "the store is closed").build();
        }
        Optional<DatasetInfo> active = store.activeInfo();
        if (active.isEmpty()) {
            String reason = trust.isEmpty()
                    ? "no dataset is active and no signing keys are trusted: configure outpost.trust.public-keys"
                    : "no dataset is active: import a signed bundle (inbox or CLI)";
            return response.down().withData("reason", reason).build();
        }
        DatasetInfo info = active.get();
        return response.up()
                .withData("dataset", info.dataset())
                .withData("sequence", info.sequence())
                .withData(
                        "ageSeconds",
                        Math.max(
                                0,
                                Duration.between(info.created(), Instant.now()).toSeconds()))
                .build();
    }
}
