package dev.outpost.audit;

import java.util.Map;

/**
 * An entry as the admin API shows it: the fields of an export line (docs/audit.md). {@code details}
 * is null for a row whose stored details are no longer canonical JSON (edited by hand; verify
 * names it).
 */
public record AuditEntryView(
        long seq,
        String time,
        String actor,
        String address,
        String action,
        String target,
        Map<String, String> details,
        String prevHash,
        String hash) {
    static AuditEntryView of(AuditEntry entry) {
        return new AuditEntryView(
                entry.seq,
                AuditCanonical.time(entry.timeMillis),
                entry.actor,
                entry.address,
                entry.action,
                entry.target,
                AuditDetails.parse(entry.details)
                        .map(d -> (Map<String, String>) d)
                        .orElse(null),
                entry.prevHash,
                entry.hash);
    }
}
