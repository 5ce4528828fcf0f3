package dev.outpost.local;

import java.time.Duration;

import dev.outpost.reputation.OutpostException;

/** Refusals of the local verdict API that are not bad input (that is InvalidInputException, 400). */
public class LocalVerdictException extends OutpostException {
    private LocalVerdictException(String problemType, String detail) {
        super(problemType, detail);
    }

    /** 409: one subject has one local verdict; change that one instead. */
    public static final class Exists extends LocalVerdictException {
        Exists(LocalKind kind, String subject, Long id) {
            super(
                    "local-verdict-exists",
                    "a local verdict on " + kind.id() + " '" + subject + "' exists"
                            + (id == null
                                    ? ""
                                    : " (id " + id + "); change it with PUT or PATCH /api/v1/local-verdicts/" + id));
        }
    }

    /** 409: someone else changed the verdict between this request's read and its write. */
    public static final class Conflict extends LocalVerdictException {
        Conflict(String what) {
            super("local-verdict-conflict", what + " changed meanwhile (another request or replica); try again");
        }
    }

    /** 404: no local verdict has this id. */
    public static final class NotFound extends LocalVerdictException {
        NotFound(long id) {
            super("not-found", "no local verdict has id " + id);
        }
    }

    /** 403: the verdict is another operator's decision (the ownership rule, {@link Ownership}). */
    public static final class NotYours extends LocalVerdictException {
        NotYours(Long id, String owner) {
            super(
                    "local-verdict-not-yours",
                    "local verdict " + id + " is " + owner + "'s; only " + owner
                            + " or an admin may change or delete it");
        }
    }

    /** 413: an import over the configured rows or bytes. */
    public static final class BatchTooLarge extends LocalVerdictException {
        BatchTooLarge(String detail) {
            super("import-too-large", detail);
        }
    }

    /** 415: an import in a format other than CSV or JSON Lines. */
    public static final class UnsupportedFormat extends LocalVerdictException {
        UnsupportedFormat(String given) {
            super(
                    "unsupported-media-type",
                    "send local verdicts as text/csv or application/x-ndjson (JSON Lines)"
                            + (given == null ? "" : ", not " + dev.outpost.reputation.Inputs.abbreviate(given)));
        }
    }

    /** 429: a submitter sent more items than its token bucket holds; {@link #retryAfter} says when to retry. */
    public static final class RateLimited extends LocalVerdictException {
        private final Duration retryAfter;

        RateLimited(String submitter, Duration retryAfter) {
            super(
                    "rate-limited",
                    "submitter " + submitter + " is over its rate (outpost.local.submissions.*); retry in "
                            + Math.max(1, retryAfter.toSeconds()) + " s");
            this.retryAfter = retryAfter;
        }

        @Override
        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
