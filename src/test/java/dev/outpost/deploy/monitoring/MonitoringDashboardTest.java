package dev.outpost.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The Grafana dashboard imports anywhere, air-gapped, and its queries are valid PromQL (issue 13). */
class MonitoringDashboardTest {
    private static final String DATA_SOURCE = "${DS_PROMETHEUS}";
    // Panels that ship with Grafana itself: an air-gapped Grafana cannot install plugins.
    private static final Set<String> CORE_PANELS = Set.of("row", "stat", "timeseries", "bargauge", "table", "text");

    private final JsonNode dashboard = MonitoringAssets.dashboard();

    @Test
    void queriesThroughTheDataSourceVariable() {
        JsonNode variable = variable("DS_PROMETHEUS");
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");

        for (JsonNode panel : MonitoringAssets.panels(dashboard)) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText())
                    .as("data source of panel %s", panel.path("title"))
                    .isEqualTo(DATA_SOURCE);
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText())
                        .as("data source of panel %s target %s", panel.path("title"), target.path("refId"))
                        .isEqualTo(DATA_SOURCE);
            }
        }
        for (String name : List.of("job", "instance")) {
            assertThat(variable(name).path("datasource").path("uid").asText()).isEqualTo(DATA_SOURCE);
        }
    }

    @Test
    void loadsNothingFromOutsideTheLan() throws IOException {
        String json = Files.readString(MonitoringAssets.DASHBOARD);

        assertThat(json).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://");
        assertThat(dashboard.has("__requires"))
                .as("__requires (plugins to install)")
                .isFalse();
        for (JsonNode panel : MonitoringAssets.panels(dashboard)) {
            assertThat(panel.path("type").asText())
                    .as("type of panel %s", panel.path("title"))
                    .isIn(CORE_PANELS);
        }
    }

    @Test
    void filtersEveryQueryByTheJobAndInstanceVariables() {
        for (MonitoringAssets.Query query : MonitoringAssets.dashboardQueries()) {
            assertThat(query.expression()).as(query.where()).contains("job=~\"$job\", instance=~\"$instance\"");
        }
    }

    @Test
    void laysPanelsOutOnTheGridWithoutOverlap() {
        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (JsonNode panel : MonitoringAssets.panels(dashboard)) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("unique id of %s", title)
                    .isTrue();
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt();
            int y = grid.path("y").asInt();
            int w = grid.path("w").asInt();
            int h = grid.path("h").asInt();
            assertThat(w).as("width of %s", title).isPositive();
            assertThat(h).as("height of %s", title).isPositive();
            assertThat(x + w).as("right edge of %s", title).isLessThanOrEqualTo(24);
            for (int row = y; row < y + h; row++) {
                for (int column = x; column < x + w; column++) {
                    assertThat(cells.add(column + "," + row))
                            .as("%s overlaps another panel at %d,%d", title, column, row)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void titlesDescribesAndGivesAUnitToEveryPanel() {
        for (JsonNode panel : MonitoringAssets.panels(dashboard)) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("description").asText())
                    .as("description of %s", title)
                    .isNotBlank();
            assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText())
                    .as("unit of %s", title)
                    .isNotBlank();
            assertThat(panel.path("targets")).as("queries of %s", title).isNotEmpty();
        }
    }

    @Test
    void showsEveryMetricAnAlertIsAbout() {
        Set<String> onDashboard = new HashSet<>();
        MonitoringAssets.dashboardQueries()
                .forEach(query -> onDashboard.addAll(PromQlMetricNames.in(query.expression())));
        Set<String> inRules = new HashSet<>();
        MonitoringAssets.ruleExpressions().forEach(rule -> inRules.addAll(PromQlMetricNames.in(rule.expression())));

        assertThat(onDashboard).containsAll(inRules);
    }

    /**
     * promtool parses every query: each becomes a recording rule in a scratch rule file, with Grafana's
     * variables replaced by values Prometheus would see.
     */
    @Test
    void everyQueryIsValidPromQl(@TempDir Path directory) throws IOException {
        List<MonitoringAssets.Query> queries = MonitoringAssets.dashboardQueries();
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            String expression = queries.get(i)
                    .expression()
                    .replace("$__rate_interval", "2m")
                    .replace("$__range", "6h")
                    .replace("$__interval", "30s")
                    .replace("$job", ".*")
                    .replace("$instance", ".*");
            assertThat(expression).as(queries.get(i).where()).doesNotContain("$");
            rules.append("      # ").append(queries.get(i).where()).append('\n');
            rules.append("      - record: dashboard:query_").append(i).append('\n');
            rules.append("        expr: '")
                    .append(expression.replace("'", "''"))
                    .append("'\n");
        }
        Path file = Files.writeString(directory.resolve("dashboard-queries.yml"), rules);

        Promtool.Result result = Promtool.run("check", "rules", file.toString());

        assertThat(result.exitCode()).as(result.output() + "\n" + rules).isZero();
        assertThat(result.output()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    private JsonNode variable(String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no dashboard variable " + name);
    }
}
