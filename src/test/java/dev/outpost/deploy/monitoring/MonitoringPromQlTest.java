package dev.outpost.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** The metric-name extractor that MonitoringMetricsTest relies on (issue 13). */
class MonitoringPromQlTest {

    @Test
    void findsTheMetricInsideFunctionsAndAggregations() {
        assertThat(
                        PromQlMetricNames.in(
                                "sum by (kind, zone) (rate(outpost_lookups_total{job=~\"$job\", kind=\"file\"}[$__rate_interval]))"))
                .containsExactly("outpost_lookups_total");
        assertThat(
                        PromQlMetricNames.in(
                                "histogram_quantile(0.99, sum by (endpoint, le) (rate(outpost_lookup_duration_seconds_bucket[5m])))"))
                .containsExactly("outpost_lookup_duration_seconds_bucket");
        assertThat(PromQlMetricNames.in("sum(rate(x_total[5m])) without (instance)"))
                .containsExactly("x_total");
    }

    @Test
    void skipsLabelNamesOfMatchingAndGrouping() {
        assertThat(PromQlMetricNames.in("outpost_dataset_age_seconds * on (job, instance) group_left (version) app_info"
                        + " and ignoring(kind) outpost_ready > bool 0"))
                .containsExactlyInAnyOrder("outpost_dataset_age_seconds", "app_info", "outpost_ready");
        assertThat(PromQlMetricNames.in("a / on(job) group_right b")).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void skipsStringsCommentsNumbersAndDurations() {
        assertThat(PromQlMetricNames.in("label_replace(up{job=\"outpost\"}, \"node\", \"$1\", 'instance', `(.*):.*`)"))
                .containsExactly("up");
        assertThat(PromQlMetricNames.in("""
                        # outpost_commented_out
                        (time() - outpost_dataset_activated_timestamp_seconds) > 7 * 24 * 3600
                        """)).containsExactly("outpost_dataset_activated_timestamp_seconds");
        assertThat(
                        PromQlMetricNames.in(
                                "x unless y offset 1h30m or z @ start() > 1e-3 + 0x1F - Inf * NaN + .5 + max_over_time(w[1h:5m])"))
                .containsExactlyInAnyOrder("x", "y", "z", "w");
        assertThat(PromQlMetricNames.in("count_values(\"version\", build_info) / scalar(vector(1))"))
                .containsExactly("build_info");
    }

    @Test
    void readsMetricNamesGivenAsNameMatchers() {
        assertThat(PromQlMetricNames.in("{__name__=\"outpost_ready\", job=\"outpost\"} == 0"))
                .containsExactly("outpost_ready");
        assertThat(PromQlMetricNames.in("{__name__=~\"outpost_.*\"}")).isEmpty();
    }

    @Test
    void skipsGrafanaVariables() {
        assertThat(PromQlMetricNames.in("rate(x[${__range}]) * $scale + ${factor:raw} + rate(y[$__interval])"))
                .containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void unwrapsGrafanaVariableQueries() {
        assertThat(PromQlMetricNames.inGrafanaQuery("label_values(outpost_ready{job=~\"$job\"}, instance)"))
                .containsExactly("outpost_ready");
        assertThat(PromQlMetricNames.inGrafanaQuery("label_values(job)")).isEmpty();
        assertThat(PromQlMetricNames.inGrafanaQuery("query_result(topk(5, outpost_dataset_records))"))
                .containsExactly("outpost_dataset_records");
        assertThat(PromQlMetricNames.inGrafanaQuery("metrics(outpost_.*)")).isEmpty();
    }

    @Test
    void mapsHistogramSeriesToTheirFamily() {
        assertThat(PromQlMetricNames.family("outpost_lookup_duration_seconds_bucket"))
                .isEqualTo("outpost_lookup_duration_seconds");
        assertThat(PromQlMetricNames.family("outpost_bulk_request_items_count"))
                .isEqualTo("outpost_bulk_request_items");
        assertThat(PromQlMetricNames.family("outpost_import_duration_seconds_sum"))
                .isEqualTo("outpost_import_duration_seconds");
        assertThat(PromQlMetricNames.family("outpost_lookups_total")).isEqualTo("outpost_lookups_total");
        assertThat(PromQlMetricNames.family("_count")).isEqualTo("_count");
    }

    @Test
    void refusesUnbalancedInput() {
        assertThatThrownBy(() -> PromQlMetricNames.in("sum(x{job=\"a\")"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> PromQlMetricNames.in("x{job=\"a}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated");
    }

    @Test
    void findsEveryMetricTheAlertRulesUse() {
        Set<String> names = new TreeSet<>();
        MonitoringAssets.ruleExpressions().forEach(rule -> names.addAll(PromQlMetricNames.in(rule.expression())));

        assertThat(names)
                .containsExactlyInAnyOrder(
                        "up",
                        "outpost_ready",
                        "outpost_dataset_stale",
                        "outpost_dataset_expires_timestamp_seconds",
                        "outpost_dataset_activated_timestamp_seconds",
                        "outpost_imports_total",
                        "http_server_requests_seconds_count");
    }
}
