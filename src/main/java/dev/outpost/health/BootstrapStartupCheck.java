package dev.outpost.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import dev.outpost.bundle.importing.DatasetBootstrap;

/** Started means store recovery and any first-start import have finished. */
@Startup
@ApplicationScoped
public class BootstrapStartupCheck implements InMemoryHealthCheck {
    private final DatasetBootstrap bootstrap;

    public BootstrapStartupCheck(DatasetBootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public HealthCheckResponse check() {
        return HealthCheckResponse.named("bootstrap")
                .status(bootstrap.isComplete())
                .build();
    }
}
