package dev.outpost.reputation;

/**
 * Root of Outpost's exception hierarchy. Carries a stable problem type slug (the last segment of the
 * RFC 9457 {@code type} URI) and a human detail; HTTP statuses live only in the one mapper in {@code
 * dev.outpost.http}.
 */
public abstract class OutpostException extends RuntimeException {
    private final String problemType;

    protected OutpostException(String problemType, String detail) {
        super(detail);
        this.problemType = problemType;
    }

    protected OutpostException(String problemType, String detail, Throwable cause) {
        super(detail, cause);
        this.problemType = problemType;
    }

    public String problemType() {
        return problemType;
    }

    public String detail() {
        return getMessage();
    }

    /**
     * Facts beyond the detail that a client needs to act, as RFC 9457 extension members (a list of
     * every invalid row of an import, say); none by default. Values are strings, numbers, lists and
     * maps of them.
     */
    public java.util.Map<String, Object> extensions() {
        return java.util.Map.of();
    }

    /** How long the client should wait before trying again (rate limits), or null. */
    public java.time.Duration retryAfter() {
        return null;
    }
}
