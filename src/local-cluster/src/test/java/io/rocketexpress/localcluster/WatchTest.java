package io.rocketexpress.localcluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WatchTest {

    private static LocalCluster cluster;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster();
        kubectl = new Kubectl(cluster);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void clientsWatchingOverWebSocketStillSeeChanges() throws Exception {
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                vehicles = cluster.client().genericKubernetesResources("rocketexpress.io/v1alpha1", "Vehicle")
                .inNamespace("watched");
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (Watch ignored = vehicles.watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                seen.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            vehicles.resource(new GenericKubernetesResourceBuilder()
                    .withApiVersion("rocketexpress.io/v1alpha1").withKind("Vehicle")
                    .withNewMetadata().withName("xzy-1-001").endMetadata()
                    .addToAdditionalProperties("spec", Map.of("homeRegion", "hangzhou")).build()).create();

            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED xzy-1-001");
        }
    }

    @Test
    void aStreamedHttpWatchIsRefusedWithAReason() {
        HttpResponse<String> response = kubectl.get(
                "/apis/rocketexpress.io/v1alpha1/namespaces/watched/vehicles?watch=true&resourceVersion=1",
                Kubectl.TABLE_ACCEPT);

        assertThat(response.statusCode()).isEqualTo(400);
        Status status = new KubernetesSerialization().unmarshal(response.body(), Status.class);
        assertThat(status.getMessage()).contains("WebSocket");
    }
}
