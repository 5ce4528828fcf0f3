package dev.outpost.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

import dev.outpost.config.CoreConfig;
import dev.outpost.config.Role;

/**
 * At each start of the server, records a {@code configuration.changed} entry when the effective
 * outpost.* configuration differs from the one last recorded (or none was), naming the keys that
 * changed; then logs the chain's head, and logs it again every hour. The head in an off-box log is
 * what anchors the chain against a rewrite of the whole table (docs/audit.md, ADR 0017).
 */
@ApplicationScoped
public class ConfigurationAudit {
    private static final Logger LOG = Logger.getLogger(ConfigurationAudit.class);
    private static final String PREFIX = "outpost.";

    private final CoreConfig core;
    private final Config config;
    private final AuditLog log;
    private final AuditHeads heads;
    private final AuditConfigurations recorded;

    public ConfigurationAudit(
            CoreConfig core, Config config, AuditLog log, AuditHeads heads, AuditConfigurations recorded) {
        this.core = core;
        this.config = config;
        this.log = log;
        this.heads = heads;
        this.recorded = recorded;
    }

    void onStart(@Observes StartupEvent event) {
        if (core.role() != Role.SERVE) {
            return; // a CLI command changes nothing the server runs with
        }
        record(effective());
        logHead();
    }

    @Scheduled(
            identity = "audit-anchor",
            every = "1h",
            delayed = "1h",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void anchor() {
        if (core.role() == Role.SERVE) {
            logHead();
        }
    }

    /** The outpost.* keys this process runs with, as MicroProfile Config resolves them. */
    Map<String, String> effective() {
        Map<String, String> effective = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            try {
                config.getOptionalValue(name, String.class).ifPresent(value -> effective.put(name, value));
            } catch (RuntimeException e) {
                // A value that does not resolve (an expression naming a missing key) is not in effect.
            }
        }
        return effective;
    }

    /**
     * Records the change from the configuration last recorded to {@code effective}, if any, and
     * keeps {@code effective} as the one recorded; returns the entry's details. Under the head's lock,
     * so that replicas starting together with one configuration record it once.
     */
    Optional<Map<String, String>> record(Map<String, String> effective) {
        SortedMap<String, String> current = ConfigurationDiff.snapshot(effective);
        return QuarkusTransaction.requiringNew().call(() -> {
            if (heads.locked() == null) {
                throw new AuditException.HeadMissing();
            }
            SortedMap<String, String> previous = new TreeMap<>(AuditCanonical.CODE_POINT_ORDER);
            List<AuditConfiguration> rows = recorded.listAll();
            for (AuditConfiguration row : rows) {
                previous.put(row.name, row.value);
            }
            if (previous.equals(current)) {
                return Optional.<Map<String, String>>empty();
            }
            Map<String, String> details = ConfigurationDiff.details(previous, current);
            log.record(Actor.system(), AuditActions.CONFIGURATION_CHANGED, null, details);
            for (AuditConfiguration row : rows) {
                String value = current.get(row.name);
                if (value == null) {
                    recorded.delete(row);
                } else {
                    row.value = value;
                }
            }
            current.forEach((name, value) -> {
                if (!previous.containsKey(name)) {
                    AuditConfiguration row = new AuditConfiguration();
                    row.name = name;
                    row.value = value;
                    recorded.persist(row);
                }
            });
            return Optional.of(details);
        });
    }

    void logHead() {
        AuditHead head = QuarkusTransaction.requiringNew().call(() -> heads.findById(AuditHead.ID));
        if (head == null) {
            LOG.error("Audit chain head is missing: run `outpost audit verify`");
        } else {
            LOG.infof("Audit chain head: seq %d hash %s", head.lastSeq, head.lastHash);
        }
    }
}
