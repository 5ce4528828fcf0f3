package dev.outpost.lookup;

import java.util.Objects;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.Verdict;

/**
 * What one lookup found: the result every front end maps, the REST resources and the CLI alike
 * (through {@link AnswerJson}). A vendor record decided, an operator's local verdict decided,
 * nothing is known, or a bulk item could not be looked up. A single lookup of bad input is not an
 * outcome: it fails with the {@link InvalidInputException}, which becomes a problem.
 *
 * <p>A web answer names the entry that decided it ({@link Match}); a file or certificate answer
 * does not, since a digest matches only itself.
 */
public sealed interface LookupOutcome {
    /** The query as it was sent; null only for a bulk item that was null. */
    String query();

    /** A vendor record decided. */
    record Known(String query, Subject subject, Verdict verdict, Match match, Source.Vendor source)
            implements LookupOutcome {
        public Known {
            requireAnswer(query, subject, verdict, match, source);
        }
    }

    /**
     * An operator's local verdict decided (ADR 0009); it wins over the vendor's. It carries no
     * popularity: the appliance knows none for it, and 0 would claim one.
     */
    record LocalOverride(String query, Subject subject, Verdict verdict, Match match, Source.Local source)
            implements LookupOutcome {
        public LocalOverride {
            requireAnswer(query, subject, verdict, match, source);
        }
    }

    /** Nothing is known: GREY and UNKNOWN, citing the dataset that was asked. */
    record Unknown(String query, Subject subject, Source.Vendor source) implements LookupOutcome {
        public Unknown {
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(source, "source");
        }
    }

    /** A bulk item that could not be looked up, with the problem a single lookup of it would have had. */
    record InvalidInput(String query, String problemType, String detail) implements LookupOutcome {
        public InvalidInput {
            Objects.requireNonNull(problemType, "problemType");
            Objects.requireNonNull(detail, "detail");
        }

        static InvalidInput of(String query, InvalidInputException e) {
            return new InvalidInput(query, e.problemType(), e.detail());
        }
    }

    private static void requireAnswer(String query, Subject subject, Verdict verdict, Match match, Source source) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(source, "source");
        if ((subject instanceof Subject.Digest) == (match != null)) {
            throw new InvalidInputException(
                    "invalid-outcome", "a web answer names the entry that matched; a digest answer none", query);
        }
    }
}
