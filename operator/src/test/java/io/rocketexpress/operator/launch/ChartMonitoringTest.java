package io.rocketexpress.operator.launch;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rocketexpress.monitoring.ChartMonitoring;
import io.rocketexpress.operator.InProcessCluster;
import io.rocketexpress.operator.kube.ReconcileMetrics;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The chart's operator dashboard and alerts read only metrics the operator serves: renaming a metric on either
 * side without the other fails here, not on an empty panel or an alert that never fires.
 */
@QuarkusTest
@QuarkusTestResource(value = InProcessCluster.class, restrictToAnnotatedClass = false)
class ChartMonitoringTest {

    @Inject
    ReconcileMetrics reconciles;
    @Inject
    LaunchMetrics launches;

    private final ChartMonitoring chart = new ChartMonitoring(
            Path.of(System.getProperty("repository.root", "..")), "operator");

    @Test
    void everyMetricTheChartsDashboardAndAlertsReadIsServed() {
        Map<String, String> names = chart.metricNames();
        // The reading finds what it should: one name of each source it reads.
        assertThat(names).containsKeys("jvm_info_total", "rocketexpress_vehicles",
                "rocketexpress_region_reachable", "rocketexpress_reconcile_errors_total");

        useEverything();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String scrape = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(ChartMonitoring.missingFrom(scrape, names.keySet()).stream()
                    .map(name -> name + " (" + names.get(name) + ")").collect(Collectors.toList()))
                    .as("metrics read by %s or %s that the operator does not serve", chart.dashboard().getFileName(),
                            chart.alerts().getFileName())
                    .isEmpty();
        });
    }

    /**
     * Some meters appear with their first event: a reconcile that fails, a call to another region, a GC.
     * The region and the kind are the test's own, so no real one's figures change.
     */
    private void useEverything() {
        assertThatThrownBy(() -> reconciles.count("MonitoringCheck", () -> {
            throw new IllegalStateException("a reconcile that fails");
        })).isInstanceOf(IllegalStateException.class);
        launches.reachable("monitoring-check", true);
        System.gc();
    }
}
