package dev.outpost.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import dev.outpost.store.GenerationStore;

/** Live means the store is open; an empty store is alive but not ready. */
@Liveness
@ApplicationScoped
public class StoreLivenessCheck implements InMemoryHealthCheck {
    private final GenerationStore store;

    public StoreLivenessCheck(GenerationStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse check() {
        return HealthCheckResponse.named("store").status(store.isOpen()).build();
    }
}
