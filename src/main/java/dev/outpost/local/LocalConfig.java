package dev.outpost.local;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * {@code outpost.local.*}: local verdicts (ADR 0009, issue 14). The refresh interval is read by the
 * schedule of {@link LocalVerdicts} through its property expression; mapped here for its default and
 * its check at start.
 */
@ConfigMapping(prefix = "outpost.local")
public interface LocalConfig {
    /** How often each replica looks for local verdicts written or changed by another one. */
    @WithDefault("10s")
    @DurationMin(millis = 1, message = "must be positive")
    Duration refreshInterval();

    /** Bulk imports ({@code POST /api/v1/local-verdicts/import}, {@code outpost local-verdicts import}). */
    @WithName("import")
    ImportLimits importing();

    /** The machine-facing submissions endpoint. */
    SubmissionLimits submissions();

    interface ImportLimits {
        /** Rows in one import; more and the whole import is refused (413). */
        @WithDefault("100000")
        @Min(1)
        @Max(1_000_000)
        int maxRows();

        /** Bytes of one import file; the HTTP body cap (outpost.http.max-body-bytes) applies first. */
        @WithDefault("20971520")
        @Min(1)
        long maxBytes();
    }

    interface SubmissionLimits {
        /** Items each submitter token may send per second on average (its token bucket's refill). */
        @WithDefault("500")
        @Min(1)
        int itemsPerSecond();

        /** Items a submitter may send at once after a pause (the bucket's size); at least one full request. */
        @WithDefault("20000")
        @Min(Submissions.MAX_ITEMS)
        int burstItems();
    }
}
