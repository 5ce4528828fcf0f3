package dev.outpost.publishing.feeds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;

/**
 * One feed being read: counts its entries, hands their records on, and applies the error policy.
 * Every error names where it happened: the detail starts with the location, {@code <file>:<line>:}
 * (offline-bundles/FEEDS.md §Errors).
 */
final class FeedContext {
    private final FeedSource source;
    private final FeedOptions options;
    private final Consumer<ReputationRecord> sink;
    private final List<ReputationRecord> pending = new ArrayList<>();
    private long entries;
    private long records;
    private long notMapped;
    private long duplicates;
    private long skipped;

    /** Maps one entry into records; throws {@link InvalidInputException} for a bad entry. */
    @FunctionalInterface
    interface EntryMapper {
        void map(Consumer<ReputationRecord> out);
    }

    FeedContext(FeedSource source, FeedOptions options, Consumer<ReputationRecord> sink) {
        this.source = source;
        this.options = options;
        this.sink = sink;
    }

    Instant asOf() {
        return options.asOf();
    }

    /**
     * One entry at {@code location}: its records are handed on only when the whole entry mapped, so
     * a skipped entry leaves nothing half-read behind. An entry that gives no record is counted as
     * not mapped.
     */
    void entry(String location, EntryMapper mapper) {
        count();
        pending.clear();
        try {
            mapper.map(pending::add);
        } catch (InvalidInputException e) {
            pending.clear();
            skipOrThrow(location, e);
            return;
        }
        if (pending.isEmpty()) {
            notMapped++;
            return;
        }
        records += pending.size();
        for (ReputationRecord record : pending) {
            sink.accept(record);
        }
        pending.clear();
    }

    /** An entry left out by the format's mapping without looking further (a deleted MISP object's attributes). */
    void notMapped(long count) {
        for (long i = 0; i < count; i++) {
            count();
        }
        notMapped += count;
    }

    /** An entry identical to the one before it (NSRL lists a file once per package). */
    void duplicate() {
        count();
        duplicates++;
    }

    /**
     * An entry that could not even be read (a line too long, not UTF-8, a missing event file):
     * counted and skipped under {@code --skip-invalid}, thrown with its location otherwise.
     */
    void invalid(String location, InvalidInputException e) {
        count();
        skipOrThrow(location, e);
    }

    /** An error that ends the feed whatever the policy (a JSON syntax error leaves nothing to resume from). */
    static UnreadableFeed fatal(String location, String detail, String input) {
        return new UnreadableFeed(location, new InvalidInputException("invalid-feed", detail, input));
    }

    private void count() {
        entries++;
        if (entries > FeedLimits.MAX_ENTRIES_PER_FEED) {
            throw new InvalidInputException(
                    "feed-too-large",
                    source.path() + ": more than " + FeedLimits.MAX_ENTRIES_PER_FEED + " entries",
                    source.toString());
        }
    }

    private void skipOrThrow(String location, InvalidInputException e) {
        String detail = location + ": " + e.detail();
        if (!options.skipInvalid()) {
            throw new InvalidInputException(e.problemType(), detail, e.input());
        }
        skipped++;
        if (skipped <= FeedLimits.MAX_REPORTED_SKIPS) {
            options.warnings().accept("skipped " + detail);
        } else if (skipped == FeedLimits.MAX_REPORTED_SKIPS + 1) {
            options.warnings()
                    .accept("skipped more invalid entries of " + source + "; only the first "
                            + FeedLimits.MAX_REPORTED_SKIPS + " are shown, the summary counts them all");
        }
    }

    FeedReport report() {
        return new FeedReport(source, entries, records, notMapped, duplicates, skipped);
    }
}
