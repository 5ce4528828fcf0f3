package dev.outpost.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

import dev.outpost.store.GenerationStore;

/** Live means the store is open; an empty store is alive but not ready. */
@Liveness
@ApplicationScoped
public class StoreLivenessCheck implements AsyncHealthCheck {
    private final GenerationStore store;

    public StoreLivenessCheck(GenerationStore store) {
        this.store = store;
    }

    /**
     * Runs on the event loop: the check reads in-memory state only, so a probe never waits for a
     * worker thread that request handling holds (issue 11 item 1).
     */
    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(this::check);
    }

    public HealthCheckResponse check() {
        return HealthCheckResponse.named("store").status(store.isOpen()).build();
    }
}
