package dev.outpost.bundle.importing;

import org.jboss.logging.Logger;

/** Logs import progress at most every 10% or every 5 seconds, whichever comes first. */
public final class LoggingProgress implements ImportProgress {
    private static final Logger LOG = Logger.getLogger(LoggingProgress.class);
    private static final long INTERVAL_NANOS = 5_000_000_000L;

    private final String bundle;
    private long lastNanos = System.nanoTime();
    private int lastDecile = -1;

    public LoggingProgress(String bundle) {
        this.bundle = bundle;
    }

    @Override
    public void update(String phase, long bytesDone, long bytesTotal) {
        int decile = bytesTotal == 0 ? 10 : (int) (bytesDone * 10 / bytesTotal);
        long now = System.nanoTime();
        if (decile > lastDecile || now - lastNanos > INTERVAL_NANOS) {
            lastDecile = decile;
            lastNanos = now;
            LOG.infof(
                    "Importing %s: %s, %d%% (%d of %d bytes)",
                    bundle, phase, bytesTotal == 0 ? 100 : bytesDone * 100 / bytesTotal, bytesDone, bytesTotal);
        }
    }
}
