package dev.outpost.health;

import org.eclipse.microprofile.health.HealthCheckResponse;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * A check over in-memory state only. It runs on the event loop, so a probe never waits for a worker
 * thread that request handling holds (issue 11 item 1); a synchronous {@code HealthCheck} would
 * run on the worker pool.
 */
public interface InMemoryHealthCheck extends AsyncHealthCheck {
    /** The answer; must not block. */
    HealthCheckResponse check();

    @Override
    default Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(this::check);
    }
}
