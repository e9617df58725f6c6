package io.rocketexpress.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queries the chart's monitoring asks of one app: its Grafana dashboard
 * ({@code files/dashboards/rocket-express-<app>.json}) and its alerting rules ({@code files/alerts/<app>.yaml}),
 * so that an app's tests can check that it serves every metric they read.
 */
public final class ChartMonitoring {

    // A rule's alert: and expr: lines; an expression is written on one line, to the end of it.
    private static final Pattern ALERT = Pattern.compile("^\\s*(?:-\\s+)?alert:\\s*(\\S+)");
    private static final Pattern RULE_EXPR = Pattern.compile("^\\s*(?:-\\s+)?expr:\\s*(.+)$");

    private final Path chart;
    private final String app;

    /** @param root the repository's root; @param app gateway or operator */
    public ChartMonitoring(Path root, String app) {
        this.chart = root.resolve("helm").resolve("rocket-express");
        this.app = app;
    }

    public Path dashboard() {
        return chart.resolve("files/dashboards/rocket-express-" + app + ".json");
    }

    public Path alerts() {
        return chart.resolve("files/alerts/" + app + ".yaml");
    }

    /** Every query, by where it is (panel title or alert name), as written. */
    public Map<String, String> queries() {
        Map<String, String> queries = new LinkedHashMap<>();
        dashboardQueries(queries);
        alertQueries(queries);
        return queries;
    }

    /** Every metric name the queries read, each with the first place that reads it. */
    public Map<String, String> metricNames() {
        Map<String, String> names = new LinkedHashMap<>();
        queries().forEach((where, query) -> PromQl.metricNames(query).forEach(name -> names.putIfAbsent(name, where)));
        return names;
    }

    private void dashboardQueries(Map<String, String> queries) {
        JsonNode dashboard;
        try {
            dashboard = new ObjectMapper().readTree(Files.readString(dashboard()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                queries.put("variable " + variable.path("name").asText(),
                        query.isObject() ? query.path("query").asText() : query.asText());
            }
        }
        for (JsonNode panel : panels(dashboard)) {
            int target = 0;
            for (JsonNode query : panel.path("targets")) {
                if (query.hasNonNull("expr")) {
                    queries.put("panel " + panel.path("title").asText() + " #" + target++, query.path("expr").asText());
                }
            }
        }
    }

    /** Top-level panels and those inside rows, collapsed or not. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    private void alertQueries(Map<String, String> queries) {
        List<String> lines;
        try {
            lines = Files.readAllLines(alerts());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String alert = "";
        for (int i = 0; i < lines.size(); i++) {
            Matcher name = ALERT.matcher(lines.get(i));
            if (name.find()) {
                alert = name.group(1);
            }
            Matcher expr = RULE_EXPR.matcher(lines.get(i));
            if (expr.find()) {
                if (expr.group(1).matches("[|>\"'].*")) {
                    // A block or quoted scalar would hide the expression from this reading.
                    throw new IllegalStateException(alerts() + " line " + (i + 1)
                            + ": write each expr plain, on one line");
                }
                queries.put("alert " + alert + " line " + (i + 1), expr.group(1));
            }
        }
    }

    /** The names among these that the scrape has no sample of. */
    public static Set<String> missingFrom(String scrape, Set<String> names) {
        Set<String> missing = new TreeSet<>();
        for (String name : names) {
            if (!Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(scrape).find()) {
                missing.add(name);
            }
        }
        return missing;
    }
}
