package io.rocketexpress.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboards and the alerting rules the chart ships, and the runbooks the alerts point to. */
class MonitoringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ALERTS = Set.of("RocketExpressRegionUnreachable", "RocketExpressWebhooksDead",
            "RocketExpressLaunchStuck", "RocketExpressReconcileErrors", "RocketExpressGateway5xx",
            "RocketExpressDatabasePoolSaturated", "RocketExpressPartitionsRunningOut");

    @TempDir
    Path dir;

    @Test
    void dashboardsAreRenderedOnlyWhenSwitchedOn() {
        assertThat(dashboards(Chart.render())).isEmpty();
        for (String region : Chart.REGIONS) {
            assertThat(dashboards(Chart.render(Chart.regionValues(region)))).as(region).isEmpty();
        }
    }

    @Test
    void dashboardsCarryTheSidecarLabelAndHoldOneValidDashboardEach() throws IOException {
        List<ConfigMap> dashboards = dashboards(Chart.render(Chart.writeValues(dir, """
                dashboards:
                  enabled: true
                """)));

        assertThat(dashboards).extracting(map -> map.getMetadata().getName())
                .containsExactlyInAnyOrder("rocket-express-dashboard-gateway", "rocket-express-dashboard-operator");
        for (ConfigMap map : dashboards) {
            assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1")
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
            assertThat(map.getMetadata().getNamespace()).isNull();
            assertThat(map.getData()).hasSize(1);
            Map.Entry<String, String> file = map.getData().entrySet().iterator().next();
            assertThat(file.getKey()).endsWith(".json");
            JsonNode dashboard = JSON.readTree(file.getValue());
            assertThat(dashboard.path("uid").asText()).isEqualTo(file.getKey().replace(".json", ""));
            assertThat(dashboard.path("title").asText()).startsWith("Rocket Express / ");
            assertThat(dashboard.path("templating").path("list").findValuesAsText("name"))
                    .contains("datasource", "region", "namespace");
            List<JsonNode> panels = panels(dashboard);
            assertThat(panels).as(file.getKey()).hasSizeGreaterThan(8);
            for (JsonNode panel : panels) {
                assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                        .isEqualTo("${datasource}");
                assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty()
                        .allSatisfy(target -> assertThat(target.path("expr").asText())
                                .contains("namespace=~\"$namespace\"", "rocketexpress_io_region=~\"$region\""));
            }
        }
    }

    @Test
    void dashboardsGoWhereTheSidecarLooksWithItsLabelAndFolder() {
        List<ConfigMap> dashboards = dashboards(Chart.render(Chart.writeValues(dir, """
                dashboards:
                  enabled: true
                  namespace: monitoring
                  labels:
                    grafana_dashboard: rocket-express
                  annotations:
                    grafana_folder: Rocket Express
                """)));

        assertThat(dashboards).hasSize(2).allSatisfy(map -> {
            assertThat(map.getMetadata().getNamespace()).isEqualTo("monitoring");
            assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "rocket-express");
            assertThat(map.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Rocket Express");
        });
    }

    @Test
    void dashboardsFindTheSeriesByTheLabelsTheServiceMonitorCopiesOntoThem() throws IOException {
        HasMetadata monitor = Chart.render(Chart.writeValues(dir, """
                serviceMonitor:
                  enabled: true
                """)).objects().stream().filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertThat(JSON.readTree(Chart.SERIALIZATION.asJson(monitor)).path("spec").path("targetLabels"))
                .extracting(JsonNode::asText).containsExactlyInAnyOrder("app.kubernetes.io/component",
                        "rocketexpress.io/region");
    }

    @Test
    void prometheusRuleIsRenderedWhenAskedToAndOnlyThen() {
        assertThat(rules(Chart.render())).isEmpty();
        assertThat(rules(Chart.render(Chart.writeValues(dir, """
                prometheusRule:
                  enabled: false
                """)))).isEmpty();
        List<HasMetadata> rules = rules(Chart.render(Chart.writeValues(dir, """
                prometheusRule:
                  enabled: true
                  labels:
                    release: prometheus
                """)));
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
            assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
        });
    }

    @Test
    void everyAlertHasASeverityWordsAndARunbookInTheOperationsGuide() throws IOException {
        List<JsonNode> alerts = alerts(Chart.regionValues("dubai"));

        assertThat(alerts).extracting(alert -> alert.path("alert").asText()).containsAll(ALERTS)
                .allMatch(ALERTS::contains);
        Set<String> anchors = anchors(Files.readString(Chart.root().resolve("src/docs/operations.md")));
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            assertThat(alert.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
            assertThat(alert.path("labels").path("region").asText()).as(name).isEqualTo("dubai");
            assertThat(alert.path("annotations").path("summary").asText()).as(name).isNotBlank();
            assertThat(alert.path("annotations").path("description").asText()).as(name).isNotBlank()
                    .doesNotContain("{{ .").contains("dubai");
            String runbook = alert.path("annotations").path("runbook_url").asText();
            assertThat(runbook).as(name).startsWith("https://")
                    .endsWith("/src/docs/operations.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(anchors).as("a section of operations.md for %s", name)
                    .contains(name.toLowerCase(Locale.ROOT));
            assertThat(alert.path("expr").asText()).as(name).contains("namespace=\"" + Chart.NAMESPACE + "\"")
                    .doesNotContain("{{");
        }
    }

    @Test
    void prometheusKeepsItsOwnPlaceholdersAndTheValuesSetTheThresholds() throws IOException {
        Path values = Chart.writeValues(dir, """
                prometheusRule:
                  regionUnreachableFor: 10m
                  gateway5xxRatio: 0.02
                  launchStuckMinutes:
                    InFlight: 45
                    Recovering: 600
                """);
        Map<String, JsonNode> byName = new TreeMap<>();
        List<JsonNode> stuck = new ArrayList<>();
        for (JsonNode alert : alerts(values)) {
            if (alert.path("alert").asText().equals("RocketExpressLaunchStuck")) {
                stuck.add(alert);
            } else {
                byName.put(alert.path("alert").asText(), alert);
            }
        }

        assertThat(byName.get("RocketExpressRegionUnreachable").path("for").asText()).isEqualTo("10m");
        assertThat(byName.get("RocketExpressRegionUnreachable").path("annotations").path("summary").asText())
                .contains("{{ $labels.region }}");
        assertThat(byName.get("RocketExpressGateway5xx").path("expr").asText()).endsWith("> 0.02");
        // Values maps are merged: the phases not given keep their defaults.
        assertThat(stuck.stream().collect(Collectors.toMap(alert -> alert.path("labels").path("phase").asText(),
                alert -> alert.path("expr").asText())))
                .containsOnlyKeys("Launching", "InFlight", "Landed", "Recovering")
                .hasEntrySatisfying("InFlight", expr -> assertThat(expr).contains("phase=\"InFlight\"").endsWith("> 2700"))
                .hasEntrySatisfying("Recovering", expr -> assertThat(expr).endsWith("> 36000"));
    }

    private List<JsonNode> alerts(Path... values) throws IOException {
        Path[] all = new Path[values.length + 1];
        System.arraycopy(values, 0, all, 0, values.length);
        all[values.length] = Chart.writeValues(dir, """
                prometheusRule:
                  enabled: true
                """);
        HasMetadata rule = rules(Chart.render(all)).get(0);
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : JSON.readTree(Chart.SERIALIZATION.asJson(rule)).path("spec").path("groups")) {
            group.path("rules").forEach(alerts::add);
        }
        return alerts;
    }

    /** The anchors GitHub gives the guide's headings. */
    private static Set<String> anchors(String markdown) {
        return markdown.lines().filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    private static List<ConfigMap> dashboards(Rendered rendered) {
        return rendered.all(ConfigMap.class).stream()
                .filter(map -> map.getMetadata().getName().contains("-dashboard-")).toList();
    }

    private static List<HasMetadata> rules(Rendered rendered) {
        return rendered.objects().stream().filter(o -> o.getKind().equals("PrometheusRule")).toList();
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (!panel.path("type").asText().equals("row")) {
                panels.add(panel);
            }
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }
}
