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
        return AnswerJson.single(outcome(endpoint, lookup), escaping);
    }

    /** Answers a bulk lookup; a request refused whole counts as one rejection. */
    byte[] bulk(Endpoint endpoint, AnswerJson.Escaping escaping, Supplier<List<LookupOutcome>> lookup) {
        return AnswerJson.bulk(outcomes(endpoint, lookup), escaping);
    }

    /**
     * Runs one lookup for a front end that writes its own answer (the hashlookup and OpenTIP
     * compatible endpoints, the DNS front end), recorded exactly as the native API records its own;
     * the time recorded is the lookup's, the front end's encoding aside.
     */
    public LookupOutcome outcome(Endpoint endpoint, Supplier<LookupOutcome> lookup) {
        long start = System.nanoTime();
        try {
            LookupOutcome outcome = lookup.get();
            metrics.answered(endpoint.kind(), outcome);
            return outcome;
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

    /** As {@link #outcome} for a bulk lookup; a request refused whole counts as one rejection. */
    public List<LookupOutcome> outcomes(Endpoint endpoint, Supplier<List<LookupOutcome>> lookup) {
        long start = System.nanoTime();
        try {
            List<LookupOutcome> outcomes = lookup.get();
            metrics.answered(endpoint.kind(), outcomes);
            return outcomes;
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
