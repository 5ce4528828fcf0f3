package dev.outpost.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Configuration changes: the server's start recorded its outpost.* configuration (secrets as their
 * SHA-256), a start with the same configuration records nothing, and one with keys added, removed
 * or changed records an entry by the system naming each.
 */
@QuarkusTest
class ConfigurationAuditTest {
    /** The %test profile's operator tokens, as configured (application.properties). */
    private static String operatorTokens() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getConfigValue("outpost.operator.tokens")
                .getValue();
    }

    @Inject
    ConfigurationAudit configuration;

    @Inject
    AuditVerifier verifier;

    @Inject
    DataSource dataSource;

    @Test
    void theStartRecordedTheEffectiveConfigurationWithSecretsHashed() throws SQLException {
        Map<String, String> effective = configuration.effective();
        assertThat(effective).containsKeys("outpost.data-dir", "outpost.operator.tokens");
        assertThat(column("select name from audit_configuration order by name"))
                .contains("outpost.data-dir", "outpost.operator.tokens", "outpost.trust.root-keys");
        assertThat(column("select val from audit_configuration where name = 'outpost.operator.tokens'"))
                .containsExactly(AuditContent.digest(operatorTokens()));
        assertThat(String.join("\n", column("select val from audit_configuration")))
                .doesNotContain(operatorTokens());
        // The same configuration again: nothing to record.
        assertThat(configuration.record(effective)).isEmpty();
    }

    @Test
    void aChangedConfigurationIsRecordedOnceNamingTheKeys() throws SQLException {
        Map<String, String> effective = configuration.effective();
        configuration.record(effective);
        // As if the last start had run with another inbox setting, an extra key, and without one.
        execute("update audit_configuration set val = 'elsewhere' where name = 'outpost.data-dir'");
        execute("insert into audit_configuration (name, val) values ('outpost.retired.key', 'old')");
        execute("delete from audit_configuration where name = 'outpost.trust.root-keys'");
        long before = Long.parseLong(column("select last_seq from audit_head").get(0));

        Optional<Map<String, String>> details = configuration.record(effective);

        assertThat(details).isPresent();
        assertThat(details.get())
                .containsEntry("~outpost.data-dir", "elsewhere -> " + effective.get("outpost.data-dir"))
                .containsEntry("-outpost.retired.key", "old")
                .containsEntry("+outpost.trust.root-keys", effective.get("outpost.trust.root-keys"))
                .containsKeys("fingerprint", "previousFingerprint", "keys");
        assertThat(column("select actor || ' ' || action from audit_entry where seq = " + (before + 1)))
                .containsExactly("system configuration.changed");
        assertThat(column("select details from audit_entry where seq = " + (before + 1))
                        .get(0))
                .contains("\"~outpost.data-dir\":\"elsewhere -> ")
                .doesNotContain(operatorTokens());
        assertThat(configuration.record(effective)).isEmpty();
        assertThat(column("select last_seq from audit_head")).containsExactly(Long.toString(before + 1));
        assertThat(verifier.verify()).isInstanceOf(AuditVerification.Valid.class);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> column(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }
}
