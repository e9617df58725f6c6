package io.rocketexpress.localcluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real kubectl's watching commands against a local cluster; skipped where kubectl is not installed. */
class KubectlWatchTest {

    private static final String API = "/apis/rocketexpress.io/v1alpha1/namespaces/kubectl-watch";

    private static LocalCluster cluster;
    private static Kubectl http;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster();
        http = new Kubectl(cluster);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void getWatchPrintsTheListThenEveryChange() {
        KubectlBinary kubectl = KubectlBinary.forCluster(cluster, "kubectl-watch");
        new Kubectl.Created(http.post(API + "/vehicles", WatchTest.vehicle("xzy-1-001", Map.of())));

        try (KubectlBinary.Running watch = kubectl.background("get", "vehicles", "-w")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> watch.lines().stream().anyMatch(l -> l.startsWith("xzy-1-001")));
            new Kubectl.Created(http.post(API + "/vehicles", WatchTest.vehicle("xzy-1-002", Map.of())));

            await().atMost(Duration.ofSeconds(20)).until(() -> watch.lines().stream().anyMatch(l -> l.startsWith("xzy-1-002")));
            assertThat(watch.isAlive()).isTrue();
            assertThat(watch.lines().get(0)).startsWith("NAME").contains("PHASE");
            assertThat(watch.lines().stream().filter(l -> l.startsWith("NAME"))).hasSize(1);
        }
    }

    @Test
    void waitReturnsOnceAConditionComesTrueLater() {
        KubectlBinary kubectl = KubectlBinary.forCluster(cluster, "kubectl-watch");
        new Kubectl.Created(http.post(API + "/launches", WatchTest.launch("hgh-dxb-0600")));

        CompletableFuture<KubectlBinary.Result> waiting = CompletableFuture.supplyAsync(
                () -> kubectl.run("wait", "--for=condition=Complete", "launch/hgh-dxb-0600", "--timeout=60s"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
        http.mergePatch(API + "/launches/hgh-dxb-0600/status", """
                {"status":{"conditions":[{"type":"Complete","status":"True","reason":"Recovered","message":"recovered",
                 "lastTransitionTime":"2026-12-01T08:00:00Z"}]}}""");

        KubectlBinary.Result result = waiting.join();
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("launch.rocketexpress.io/hgh-dxb-0600 condition met");
    }
}
