package dev.outpost.audit;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * The tamper-evident audit log (issue 14): every import attempt and its outcome, local verdict
 * changes, token changes, authentication failures, bootstrap use and configuration changes, each
 * with who, what, when and from which address.
 *
 * <p>SEAM: this is the interface the other features call; the hash-chained storage behind it is
 * being built (issue 14). Until then an entry is only logged.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    /**
     * Appends one entry. {@code action} is a dotted lowercase name from {@link AuditActions};
     * {@code target} names what was acted on (an import id, a local verdict id, a token id), or null;
     * {@code details} are short key/value facts (never a secret), written in key order.
     */
    public void record(Actor actor, String action, String target, Map<String, String> details) {
        LOG.infof("audit %s by %s from %s on %s: %s", action, actor.name(), actor.address(), target, details);
    }
}
