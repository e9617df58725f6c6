package io.rocketexpress.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's figures: a table for the console and results.json for the docs and for comparing runs. */
final class Results {

    /**
     * One workload measured against both servers, in the same run.
     *
     * @param gatewayCpu  the gateway's CPU time per request, and PostgreSQL's meanwhile; null where not measured
     * @param baselineCpu the same of the baseline
     */
    record Row(String name, LoadGenerator.Outcome gateway, LoadGenerator.Outcome baseline, String note,
               LoadGenerator.CpuPerRequest gatewayCpu, LoadGenerator.CpuPerRequest baselineCpu) {

        Row(String name, LoadGenerator.Outcome gateway, LoadGenerator.Outcome baseline, String note) {
            this(name, gateway, baseline, note, null, null);
        }

        double ratio() {
            return baseline == null || baseline.perSecond() == 0 ? Double.NaN
                    : gateway.perSecond() / baseline.perSecond();
        }

        long errors() {
            return gateway.errors() + (baseline == null ? 0 : baseline.errors());
        }
    }

    /** What each server's database held when a workload began, as the bench counted its answers. */
    record Held(long gatewayBookings, long gatewayParcels, long baselineBookings, long baselineParcels) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Held> held = new LinkedHashMap<>();
    private final List<String> checks = new ArrayList<>();
    private OperatorScale.Figures operator;
    private final Map<String, Double> jitWarmUps = new LinkedHashMap<>();

    void add(Row row) {
        rows.add(row);
        System.out.println(line(row));
    }

    void check(String outcome) {
        checks.add(outcome);
        System.out.println("  check: " + outcome);
    }

    /** How long the server's compilers were warmed up before the first workload, in seconds. */
    void jitWarmUp(String server, double seconds) {
        jitWarmUps.put(server, seconds);
    }

    Map<String, Double> jitWarmUps() {
        return Map.copyOf(jitWarmUps);
    }

    /** What both databases held as the workload began, after levelling. */
    void held(String workload, Held counts) {
        held.put(workload, counts);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The operator-scale workload's figures, printed as they were measured. */
    void operator(OperatorScale.Figures figures) {
        operator = figures;
    }

    OperatorScale.Figures operator() {
        return operator;
    }

    /** Failed requests of every workload, and the operator-scale workload's errors. */
    long errors() {
        return rows.stream().mapToLong(Row::errors).sum() + (operator == null ? 0 : operator.errorCount());
    }

    static String header() {
        return String.format(Locale.ROOT, "%-18s %12s %12s %7s %9s %9s %9s %9s %7s %11s %13s %13s", "workload",
                "gateway/s", "baseline/s", "ratio", "gw p50ms", "gw p99ms", "bl p50ms", "bl p99ms", "errors",
                "warm-up s", "cpu ms gw/bl", "db ms gw/bl");
    }

    /** CPU milliseconds per request of each server, or of PostgreSQL behind each, as {@code 0.123/0.101}. */
    private static String perRequest(Row row, boolean database) {
        if (row.gatewayCpu() == null || row.baselineCpu() == null) {
            return "-";
        }
        double gateway = database ? row.gatewayCpu().databaseMillis() : row.gatewayCpu().serverMillis();
        double baseline = database ? row.baselineCpu().databaseMillis() : row.baselineCpu().serverMillis();
        return Double.isNaN(gateway) || Double.isNaN(baseline) ? "-"
                : String.format(Locale.ROOT, "%.3f/%.3f", gateway, baseline);
    }

    private static String line(Row row) {
        LoadGenerator.Outcome b = row.baseline();
        return String.format(Locale.ROOT, "%-18s %12.0f %12s %7s %9.1f %9.1f %9s %9s %7d %11s %13s %13s%s", row.name(),
                row.gateway().perSecond(), b == null ? "-" : String.format(Locale.ROOT, "%.0f", b.perSecond()),
                b == null ? "-" : String.format(Locale.ROOT, "%.2f", row.ratio()), row.gateway().p50Millis(),
                row.gateway().p99Millis(), b == null ? "-" : String.format(Locale.ROOT, "%.1f", b.p50Millis()),
                b == null ? "-" : String.format(Locale.ROOT, "%.1f", b.p99Millis()), row.errors(),
                String.format(Locale.ROOT, "%.0f / %s", row.gateway().warmUpSeconds(),
                        b == null ? "-" : String.format(Locale.ROOT, "%.0f", b.warmUpSeconds())),
                perRequest(row, false), perRequest(row, true), row.note() == null ? "" : "  " + row.note());
    }

    /** Writes results.json: {"workloads":[{"name", "gateway_rps", "baseline_rps", "ratio", ...}], "checks":[...]}. */
    Path write(Path directory, BenchSettings settings) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("mode", settings.smoke() ? "smoke" : "full");
        root.put("clients", settings.clients());
        root.put("jit_warm_up_max_seconds", settings.jitWarmUp().toSeconds());
        ObjectNode jit = root.putObject("jit_warm_up_s");
        jitWarmUps.forEach((server, seconds) -> jit.put(server, round(seconds)));
        root.put("warm_up_seconds", settings.warmUp().toSeconds());
        root.put("warm_up_max_seconds", settings.warmUpAtMost().toSeconds());
        root.put("measured_seconds", settings.measured().toSeconds());
        root.put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode workloads = root.putArray("workloads");
        for (Row row : rows) {
            ObjectNode workload = workloads.addObject();
            workload.put("name", row.name());
            workload.put("gateway_rps", round(row.gateway().perSecond()));
            if (row.baseline() != null) {
                workload.put("baseline_rps", round(row.baseline().perSecond()));
                workload.put("ratio", Math.round(row.ratio() * 1000) / 1000.0);
            }
            workload.put("gateway_p50_ms", round(row.gateway().p50Millis()));
            workload.put("gateway_p99_ms", round(row.gateway().p99Millis()));
            if (row.baseline() != null) {
                workload.put("baseline_p50_ms", round(row.baseline().p50Millis()));
                workload.put("baseline_p99_ms", round(row.baseline().p99Millis()));
            }
            workload.put("gateway_warm_up_s", round(row.gateway().warmUpSeconds()));
            if (row.baseline() != null) {
                workload.put("baseline_warm_up_s", round(row.baseline().warmUpSeconds()));
            }
            cpu(workload, "gateway", row.gatewayCpu());
            cpu(workload, "baseline", row.baselineCpu());
            Held counts = held.get(row.name());
            if (counts != null) {
                ObjectNode heldNode = workload.putObject("held_at_start");
                heldNode.putObject("gateway").put("bookings", counts.gatewayBookings())
                        .put("parcels", counts.gatewayParcels());
                heldNode.putObject("baseline").put("bookings", counts.baselineBookings())
                        .put("parcels", counts.baselineParcels());
            }
            workload.put("errors", row.errors());
            if (row.note() != null) {
                workload.put("note", row.note());
            }
        }
        if (operator != null) {
            ObjectNode scale = root.putObject("operator_scale");
            scale.set("figures", json.valueToTree(operator.values()));
            scale.set("targets", json.valueToTree(OperatorScale.TARGETS));
            scale.put("errors", operator.errorCount());
            scale.set("error_messages", json.valueToTree(operator.errors()));
        }
        ArrayNode checked = root.putArray("checks");
        checks.forEach(checked::add);
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("results.json");
            Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the results", e);
        }
    }

    /** {@code <server>_cpu_ms} and {@code <server>_db_cpu_ms} per request, where they were measured. */
    private static void cpu(ObjectNode workload, String server, LoadGenerator.CpuPerRequest cpu) {
        if (cpu != null && !Double.isNaN(cpu.serverMillis())) {
            workload.put(server + "_cpu_ms", Math.round(cpu.serverMillis() * 1000) / 1000.0);
        }
        if (cpu != null && !Double.isNaN(cpu.databaseMillis())) {
            workload.put(server + "_db_cpu_ms", Math.round(cpu.databaseMillis() * 1000) / 1000.0);
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
