package dev.outpost.deploy.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The monitoring assets under deploy/monitoring and the PromQL they hold (issue 13). */
final class MonitoringAssets {
    static final Path DIRECTORY = Path.of("deploy/monitoring");
    static final Path DASHBOARD = DIRECTORY.resolve("grafana/outpost-dashboard.json");
    static final Path RULES = DIRECTORY.resolve("prometheus/outpost-alerts.yml");
    static final Path RULE_TESTS = DIRECTORY.resolve("prometheus/outpost-alerts.test.yml");

    /** A query and where it stands, for failure messages. */
    record Query(String where, String expression) {}

    private MonitoringAssets() {}

    static JsonNode dashboard() {
        return read(new ObjectMapper(), DASHBOARD);
    }

    static JsonNode rules() {
        return read(new YAMLMapper(), RULES);
    }

    static JsonNode ruleTests() {
        return read(new YAMLMapper(), RULE_TESTS);
    }

    /** Every panel, those inside collapsed rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** The PromQL of every panel target. */
    static List<Query> dashboardQueries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard())) {
            for (JsonNode target : panel.path("targets")) {
                String where = "panel " + panel.path("id").asInt() + " '"
                        + panel.path("title").asText() + "' target "
                        + target.path("refId").asText();
                queries.add(new Query(where, target.path("expr").asText()));
            }
        }
        return queries;
    }

    /** The queries of the dashboard's query variables (label_values(...) and the like). */
    static List<Query> dashboardVariableQueries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode variable : dashboard().path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asText() : query.asText();
                queries.add(new Query("variable $" + variable.path("name").asText(), text));
            }
        }
        return queries;
    }

    /** The expression of every alerting and recording rule. */
    static List<Query> ruleExpressions() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode group : rules().path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert")
                        ? "alert " + rule.path("alert").asText()
                        : "record " + rule.path("record").asText();
                queries.add(new Query(name, rule.path("expr").asText()));
            }
        }
        return queries;
    }

    /** Every metric name the dashboard and the rules use, with where each is used. */
    static SortedMap<String, List<String>> metricNamesUsed() {
        SortedMap<String, List<String>> used = new TreeMap<>();
        List<Query> queries = new ArrayList<>(dashboardQueries());
        queries.addAll(dashboardVariableQueries());
        queries.addAll(ruleExpressions());
        for (Query query : queries) {
            for (String name : PromQlMetricNames.inGrafanaQuery(query.expression())) {
                used.computeIfAbsent(name, n -> new ArrayList<>()).add(query.where());
            }
        }
        return used;
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }
}
