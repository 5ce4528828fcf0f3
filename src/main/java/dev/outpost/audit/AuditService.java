package dev.outpost.audit;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Reading the log for the admin API. */
@ApplicationScoped
public class AuditService {
    private final AuditEntries entries;

    public AuditService(AuditEntries entries) {
        this.entries = entries;
    }

    @Transactional
    public List<AuditEntryView> page(AuditQuery query) {
        return entries.page(query).stream().map(AuditEntryView::of).toList();
    }
}
