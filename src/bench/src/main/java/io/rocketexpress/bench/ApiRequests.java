package io.rocketexpress.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.rocketexpress.localcluster.LocalCluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The requests the operators send to the in-process API servers, counted where they arrive. The bench's own
 * requests (creating the schedule, its informers, the kubelet stand-in) carry their own User-Agent and are left
 * out, so what is counted is the operators' traffic only, watches and refused requests included.
 */
final class ApiRequests {

    /** The User-Agent of every client the bench itself uses: its requests are not counted. */
    static final String BENCH_AGENT = "rocket-express-bench";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LongAdder all = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
    private final Map<String, Instant> jobsCreated = new ConcurrentHashMap<>();

    /** Counts what the operators ask of this cluster from now on. */
    void attach(LocalCluster cluster) {
        cluster.observe(this::count);
    }

    /** A client of the cluster whose requests are the bench's own, not counted. */
    static KubernetesClient benchClient(LocalCluster cluster) {
        Config config = new ConfigBuilder(cluster.client().getConfiguration()).withUserAgent(BENCH_AGENT)
                .withRequestTimeout(60_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private void count(RecordedRequest request) {
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.startsWith(BENCH_AGENT)) {
            return;
        }
        Instant now = Instant.now();
        String method = request.getMethod();
        all.increment();
        if (!"GET".equals(method)) {
            writes.increment();
        }
        String kind = kind(method, request.getPath());
        byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if ("POST jobs".equals(kind)) {
            jobName(request).ifPresent(name -> jobsCreated.putIfAbsent(name, now));
        }
    }

    /**
     * What a request asks for, coarsely: the method and the resource (with its subresource), and for a GET without
     * a name whether it lists or watches. {@code PUT launches/status}, {@code GET vehicles (watch)}.
     */
    static String kind(String method, String path) {
        String[] pathAndQuery = path.split("\\?", 2);
        String query = pathAndQuery.length > 1 ? pathAndQuery[1] : "";
        String[] segments = pathAndQuery[0].replaceFirst("^/", "").split("/");
        int resource;
        int namespaces = indexOf(segments, "namespaces");
        if (namespaces >= 0 && segments.length > namespaces + 2) {
            resource = namespaces + 2;
        } else if (segments.length > 0 && segments[0].equals("api")) {
            resource = 2;
        } else {
            resource = 3;
        }
        if (segments.length <= resource) {
            return method + " " + pathAndQuery[0];
        }
        String plural = segments[resource];
        boolean named = segments.length > resource + 1;
        String sub = segments.length > resource + 2 ? "/" + segments[resource + 2] : "";
        if (!"GET".equals(method) || named) {
            return method + " " + plural + sub;
        }
        return method + " " + plural + (query.contains("watch=true") ? " (watch)" : " (list)");
    }

    private static int indexOf(String[] segments, String wanted) {
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].equals(wanted)) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<String> jobName(RecordedRequest request) {
        try {
            JsonNode job = JSON.readTree(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
            return Optional.of(job.path("metadata").path("name").asText()).filter(name -> !name.isEmpty());
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** When an operator sent the creation of the Job of that name, if it did. */
    Optional<Instant> jobCreated(String name) {
        return Optional.ofNullable(jobsCreated.get(name));
    }

    Snapshot snapshot() {
        Map<String, Long> kinds = new TreeMap<>();
        byKind.forEach((kind, count) -> kinds.put(kind, count.sum()));
        return new Snapshot(Instant.now(), all.sum(), writes.sum(), kinds);
    }

    /** The counts at one moment; the difference of two is what was asked in between. */
    record Snapshot(Instant at, long all, long writes, Map<String, Long> byKind) {

        Snapshot since(Snapshot earlier) {
            Map<String, Long> kinds = new TreeMap<>();
            byKind.forEach((kind, count) -> {
                long difference = count - earlier.byKind.getOrDefault(kind, 0L);
                if (difference != 0) {
                    kinds.put(kind, difference);
                }
            });
            return new Snapshot(at, all - earlier.all, writes - earlier.writes, kinds);
        }

        double seconds(Snapshot earlier) {
            return (at.toEpochMilli() - earlier.at.toEpochMilli()) / 1000.0;
        }
    }
}
