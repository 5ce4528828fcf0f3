package dev.outpost.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The alert rules pass promtool's checks and their own unit tests, and those checks can fail (issue 13). */
class MonitoringRulesTest {

    @Test
    void promtoolAcceptsTheAlertRules() {
        Promtool.Result result = Promtool.run("check", "rules", MonitoringAssets.RULES.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void alertsFireAndStayQuietAsTheirUnitTestsExpect() {
        Promtool.Result result = Promtool.run("test", "rules", MonitoringAssets.RULE_TESTS.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void promtoolRejectsABrokenRule(@TempDir Path directory) throws IOException {
        Path broken = directory.resolve("broken.yml");
        Files.writeString(broken, """
                groups:
                  - name: broken
                    rules:
                      - alert: Unbalanced
                        expr: sum(rate(outpost_lookups_total[5m]) > 0
                """);

        Promtool.Result result = Promtool.run("check", "rules", broken.toString());

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("Unbalanced").containsIgnoringCase("parse error");
    }

    @Test
    void unitTestsCatchAnAlertThatNoLongerFires(@TempDir Path directory) throws IOException {
        // The same tests against rules whose error-rate threshold was raised from 5% to 50%.
        String rules = Files.readString(MonitoringAssets.RULES);
        assertThat(rules).containsOnlyOnce(") > 0.05\n");
        Files.writeString(directory.resolve("outpost-alerts.yml"), rules.replace(") > 0.05\n", ") > 0.5\n"));
        Path tests = Files.copy(MonitoringAssets.RULE_TESTS, directory.resolve("outpost-alerts.test.yml"));

        Promtool.Result result = Promtool.run("test", "rules", tests.toString());

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("FAILED").contains("alertname: OutpostHighErrorRate");
    }

    @Test
    void everyAlertIsShownToFireAndToStayQuiet() {
        Set<String> fires = new TreeSet<>();
        Set<String> staysQuiet = new TreeSet<>();
        for (JsonNode group : MonitoringAssets.ruleTests().path("tests")) {
            for (JsonNode test : group.path("alert_rule_test")) {
                String alert = test.path("alertname").asText();
                (test.path("exp_alerts").isEmpty() ? staysQuiet : fires).add(alert);
            }
        }

        assertThat(fires).as("alerts with a unit test where they fire").containsAll(alertNames());
        assertThat(staysQuiet)
                .as("alerts with a unit test where they stay quiet")
                .containsAll(alertNames());
    }

    @Test
    void everyAlertHasASeverityAndTellsTheOperatorWhatToDo() {
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText();
            assertThat(alert.path("labels").path("severity").asText())
                    .as("severity of %s", name)
                    .isIn("critical", "warning");
            assertThat(alert.path("annotations").path("summary").asText())
                    .as("summary of %s", name)
                    .isNotBlank();
            // The description is the runbook: what it means and what to do, in a sentence or more.
            assertThat(alert.path("annotations").path("description").asText())
                    .as("description of %s", name)
                    .hasSizeGreaterThan(150);
        }
    }

    private static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : MonitoringAssets.rules().path("groups")) {
            group.path("rules").forEach(rule -> {
                if (rule.has("alert")) {
                    alerts.add(rule);
                }
            });
        }
        return alerts;
    }

    private static List<String> alertNames() {
        return alerts().stream().map(alert -> alert.path("alert").asText()).toList();
    }
}
