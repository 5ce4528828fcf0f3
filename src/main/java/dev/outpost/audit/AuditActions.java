package dev.outpost.audit;

/**
 * The actions the audit log records. Names are stable: auditors and SIEM rules match on them
 * (docs/audit.md).
 */
public final class AuditActions {
    /** An import attempt ended; details carry origin, file, sha256, outcome, reason. */
    public static final String IMPORT = "import";

    public static final String LOCAL_VERDICT_CREATED = "local-verdict.created";
    public static final String LOCAL_VERDICT_UPDATED = "local-verdict.updated";
    public static final String LOCAL_VERDICT_DELETED = "local-verdict.deleted";
    public static final String LOCAL_VERDICTS_IMPORTED = "local-verdict.imported";
    public static final String LOCAL_VERDICTS_SUBMITTED = "local-verdict.submitted";

    public static final String TOKEN_CREATED = "token.created";
    public static final String TOKEN_REVOKED = "token.revoked";
    public static final String BOOTSTRAP_CREATED = "bootstrap.created";
    public static final String BOOTSTRAP_USED = "bootstrap.used";

    public static final String AUTHENTICATION_FAILED = "authentication.failed";
    public static final String AUTHENTICATION_THROTTLED = "authentication.throttled";

    public static final String CONFIGURATION_CHANGED = "configuration.changed";
    public static final String QUERY_LOG_PURGED = "query-log.purged";

    private AuditActions() {}
}
