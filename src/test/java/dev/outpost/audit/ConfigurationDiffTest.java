package dev.outpost.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;

/** What a configuration.changed entry says about the keys, and that it never holds a secret. */
class ConfigurationDiffTest {
    @Test
    void namesAddedRemovedAndChangedKeysWithBothFingerprints() {
        SortedMap<String, String> before = ConfigurationDiff.snapshot(Map.of(
                "outpost.inbox.enabled", "true", "outpost.data-dir", "/a", "outpost.local.refresh-interval", "10s"));
        SortedMap<String, String> after = ConfigurationDiff.snapshot(Map.of(
                "outpost.inbox.enabled", "false", "outpost.data-dir", "/a", "outpost.bundle.max-clock-skew", "2h"));
        Map<String, String> details = ConfigurationDiff.details(before, after);
        assertThat(details)
                .containsEntry("~outpost.inbox.enabled", "true -> false")
                .containsEntry("-outpost.local.refresh-interval", "10s")
                .containsEntry("+outpost.bundle.max-clock-skew", "2h")
                .containsEntry("fingerprint", ConfigurationDiff.fingerprint(after))
                .containsEntry("previousFingerprint", ConfigurationDiff.fingerprint(before))
                .containsEntry("keys", "3")
                .doesNotContainKey("~outpost.data-dir")
                .hasSize(6);
    }

    @Test
    void secretsAreRecordedOnlyAsTheirSha256() {
        SortedMap<String, String> snapshot = ConfigurationDiff.snapshot(Map.of(
                "outpost.operator.tokens", "alice:abc",
                "outpost.db.Password", "hunter2",
                "outpost.client-secret-file", "/etc/x"));
        assertThat(snapshot)
                .containsEntry("outpost.operator.tokens", "sha256:" + AuditCanonical.sha256("alice:abc"))
                .containsEntry("outpost.db.Password", "sha256:" + AuditCanonical.sha256("hunter2"))
                .containsEntry("outpost.client-secret-file", "sha256:" + AuditCanonical.sha256("/etc/x"));
        Map<String, String> details = ConfigurationDiff.details(new java.util.TreeMap<>(), snapshot);
        assertThat(String.join(" ", details.values())).doesNotContain("hunter2", "alice:abc", "/etc/x");
        // And the entry itself keeps them as they are (already digests), not digests of digests.
        AuditContent content = AuditContent.of(Actor.system(), AuditActions.CONFIGURATION_CHANGED, null, details);
        assertThat(content.details())
                .containsEntry("+outpost.db.Password", "sha256:" + AuditCanonical.sha256("hunter2"));
    }

    @Test
    void aLargeChangeFitsOneEntryWithTheRestCounted() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            many.put("outpost.k" + i, "v");
        }
        Map<String, String> details =
                ConfigurationDiff.details(new java.util.TreeMap<>(), ConfigurationDiff.snapshot(many));
        assertThat(details).hasSize(AuditContent.MAX_DETAILS).containsEntry("…", "72 more changes not listed");
        AuditContent content = AuditContent.of(Actor.system(), AuditActions.CONFIGURATION_CHANGED, null, details);
        assertThat(content.details()).containsKeys("fingerprint", "previousFingerprint", "keys");
    }

    @Test
    void aVeryLongValueIsRecordedByItsDigestAndLength() {
        String longValue = "x".repeat(3000);
        assertThat(ConfigurationDiff.recordable("outpost.trust.public-keys", longValue))
                .isEqualTo("sha256:" + AuditCanonical.sha256(longValue) + " (3000 chars)");
    }
}
