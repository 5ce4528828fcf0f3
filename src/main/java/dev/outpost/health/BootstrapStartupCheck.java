package dev.outpost.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

import dev.outpost.bundle.DatasetBootstrap;

/** Started means store recovery and any first-start import have finished. */
@Startup
@ApplicationScoped
public class BootstrapStartupCheck implements AsyncHealthCheck {
    private final DatasetBootstrap bootstrap;

    public BootstrapStartupCheck(DatasetBootstrap bootstrap) {
        this.bootstrap = bootstrap;
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
        return HealthCheckResponse.named("bootstrap")
                .status(bootstrap.isComplete())
                .build();
    }
}
