package dev.outpost.lookup;

import java.util.List;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import dev.outpost.lookup.LookupMetrics.Endpoint;
import dev.outpost.lookup.LookupMetrics.Rejection;
import dev.outpost.reputation.InvalidInputException;

/**
 * The lookup endpoints' one path from a lookup to the answer's bytes, with what monitoring needs
 * recorded on the way: the outcome, or why there was none, and how long it took.
 */
@Singleton
public final class MeteredAnswers {
    private final LookupMetrics metrics;

    public MeteredAnswers(LookupMetrics metrics) {
        this.metrics = metrics;
    }

    /** Answers one lookup. */
    byte[] single(Endpoint endpoint, AnswerJson.Escaping escaping, Supplier<LookupOutcome> lookup) {
        long start = System.nanoTime();
        try {
            LookupOutcome outcome = lookup.get();
            metrics.answered(endpoint.kind(), outcome);
            return AnswerJson.single(outcome, escaping);
        } catch (InvalidInputException | TooManyItemsException e) {
            metrics.rejected(endpoint.kind(), Rejection.INVALID_INPUT);
            throw e;
        } catch (NoDatasetException e) {
            metrics.rejected(endpoint.kind(), Rejection.NO_DATASET);
            throw e;
        } finally {
            metrics.answeredIn(endpoint, System.nanoTime() - start);
        }
    }

    /** Answers a bulk lookup; a request refused whole counts as one rejection. */
    byte[] bulk(Endpoint endpoint, AnswerJson.Escaping escaping, Supplier<List<LookupOutcome>> lookup) {
        long start = System.nanoTime();
        try {
            List<LookupOutcome> outcomes = lookup.get();
            metrics.answered(endpoint.kind(), outcomes);
            return AnswerJson.bulk(outcomes, escaping);
        } catch (InvalidInputException | TooManyItemsException e) {
            metrics.rejected(endpoint.kind(), Rejection.INVALID_INPUT);
            throw e;
        } catch (NoDatasetException e) {
            metrics.rejected(endpoint.kind(), Rejection.NO_DATASET);
            throw e;
        } finally {
            metrics.answeredIn(endpoint, System.nanoTime() - start);
        }
    }
}
