package io.rocketexpress.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {

    @Test
    void namesAreWhatIsLeftOnceFunctionsLabelsAndRangesAreGone() {
        assertThat(PromQl.metricNames("sum by (kind, error) (rate(rocketexpress_reconcile_errors_total"
                + "{namespace=\"rx\", kind=~\"Launch|Vehicle\"}[5m])) / ignoring (error) group_left"
                + " sum by (kind) (rate(rocketexpress_reconciles_total[5m])) > 0.1"))
                .containsExactly("rocketexpress_reconcile_errors_total", "rocketexpress_reconciles_total");
    }

    @Test
    void histogramsAndOperatorsAcrossSeriesKeepEveryOperand() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, uri) (rate("
                + "http_server_requests_seconds_bucket{namespace=~\"$namespace\"}[$__rate_interval])))"
                + " and on (namespace) sql_pool_ratio >= 0.9 unless max(sql_pool_queue_size) == 0 offset 5m"))
                .containsExactly("http_server_requests_seconds_bucket", "sql_pool_queue_size", "sql_pool_ratio");
    }

    @Test
    void helmAndGrafanaPlaceholdersAndLabelValuesAreNoNames() {
        assertThat(PromQl.metricNames("max(rocketexpress_region_reachable{namespace=\"{{ .Release.Namespace }}\"})"
                + " == 0 > {{ .Values.threshold }}")).containsExactly("rocketexpress_region_reachable");
        assertThat(PromQl.metricNames("label_values(jvm_info_total{rocketexpress_io_region=~\"$region\"}, namespace)"))
                .containsExactly("jvm_info_total");
        assertThat(PromQl.metricNames("rate(jvm_gc_pause_seconds_sum[${__rate_interval}]) * 1e3"))
                .containsExactly("jvm_gc_pause_seconds_sum");
    }

    @Test
    void aBareMetricIsAName() {
        assertThat(PromQl.metricNames("rocketexpress_tracking_streams")).containsExactly("rocketexpress_tracking_streams");
    }
}
