package dev.outpost.security;

import dev.outpost.reputation.OutpostException;

/**
 * A request to the operator API without a valid operator token (401), or while no token is
 * configured at all (the API is off: 403). The detail never echoes the token.
 */
public class OperatorAccessException extends OutpostException {
    private OperatorAccessException(String problemType, String detail) {
        super(problemType, detail);
    }

    static OperatorAccessException unauthorized(String detail) {
        return new Unauthorized(detail);
    }

    static OperatorAccessException disabled() {
        return new Disabled();
    }

    /** 401: no token, or not one of the configured ones. */
    public static final class Unauthorized extends OperatorAccessException {
        Unauthorized(String detail) {
            super("unauthorized", detail);
        }
    }

    /** 403: the operator API is off until outpost.operator.tokens names at least one token. */
    public static final class Disabled extends OperatorAccessException {
        Disabled() {
            super(
                    "operator-api-disabled",
                    "the operator API is off: no operator token is configured (outpost.operator.tokens)");
        }
    }
}
