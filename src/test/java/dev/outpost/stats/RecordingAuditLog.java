package dev.outpost.stats;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.outpost.audit.Actor;
import dev.outpost.audit.AuditLog;

/**
 * The audit log, recording what it was asked to append so that a test can see it, then appending
 * it as usual. Enabled only by the test profiles that name it.
 */
@Alternative
@ApplicationScoped
public class RecordingAuditLog extends AuditLog {
    public record Recorded(Actor actor, String action, String target, Map<String, String> details) {}

    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    @Override
    public void record(Actor actor, String action, String target, Map<String, String> details) {
        recorded.add(new Recorded(actor, action, target, details));
        super.record(actor, action, target, details);
    }

    public List<Recorded> recorded(String action) {
        return recorded.stream().filter(r -> r.action().equals(action)).toList();
    }
}
