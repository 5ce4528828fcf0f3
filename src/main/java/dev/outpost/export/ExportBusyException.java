package dev.outpost.export;

import java.time.Duration;

import dev.outpost.reputation.OutpostException;

/**
 * 503 with Retry-After: as many Bloom filters as the server holds at once are being built or sent
 * (docs/exports.md). Each is held in memory whole until its client has read it.
 */
public class ExportBusyException extends OutpostException {
    static final int RETRY_AFTER_SECONDS = 10;

    ExportBusyException(int served) {
        super(
                "exports-busy",
                served + " Bloom filters are being built or sent, as many as the server holds at once;"
                        + " try again once one has been read");
    }

    @Override
    public Duration retryAfter() {
        return Duration.ofSeconds(RETRY_AFTER_SECONDS);
    }
}
