package dev.outpost.audit;

import java.time.Instant;

import dev.outpost.reputation.InvalidInputException;

/**
 * A page of the audit log: newest first, {@code size} up to 1,000, optionally one action, one
 * actor, and a time window ({@code since} inclusive, {@code until} exclusive).
 */
public record AuditQuery(int page, int size, String action, String actor, Instant since, Instant until) {
    public static final int MAX_PAGE_SIZE = 1000;

    public AuditQuery {
        // The database addresses rows with an int offset: page * size must fit (issue 11 item 17).
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE || (long) page * size > Integer.MAX_VALUE) {
            throw new InvalidInputException(
                    "invalid-request",
                    "page must be 0 or more, size 1 to " + MAX_PAGE_SIZE + ", and page * size at most "
                            + Integer.MAX_VALUE,
                    null);
        }
        if (action != null && action.length() > AuditContent.MAX_ACTION_CHARS) {
            throw new InvalidInputException("invalid-request", "action has at most 64 characters", action);
        }
        if (actor != null && actor.length() > AuditContent.MAX_ACTOR_CHARS) {
            throw new InvalidInputException("invalid-request", "actor has at most 128 characters", actor);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new InvalidInputException("invalid-request", "since must be before until", since + ".." + until);
        }
    }
}
