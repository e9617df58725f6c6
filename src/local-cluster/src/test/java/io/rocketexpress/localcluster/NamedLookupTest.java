package io.rocketexpress.localcluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One object is found by its name without comparing every object stored (see {@link NamedObjects}): what a GET
 * or a write finds must be what the store holds after every kind of write.
 */
class NamedLookupTest {

    private static LocalCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster();
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void anObjectIsFoundByNameAfterEveryKindOfWrite() {
        client.resource(map("lookup", "one", "1")).create();
        assertThat(client.configMaps().inNamespace("one").withName("lookup").get().getData()).containsEntry("v", "1");

        client.configMaps().inNamespace("one").withName("lookup").edit(m -> {
            m.setData(Map.of("v", "2"));
            return m;
        });
        assertThat(client.configMaps().inNamespace("one").withName("lookup").get().getData()).containsEntry("v", "2");

        client.configMaps().inNamespace("one").withName("lookup").delete();
        assertThat(client.configMaps().inNamespace("one").withName("lookup").get()).isNull();

        client.resource(map("lookup", "one", "3")).create();
        assertThat(client.configMaps().inNamespace("one").withName("lookup").get().getData()).containsEntry("v", "3");
        assertThat(client.configMaps().inNamespace("one").list().getItems()).hasSize(1);
    }

    @Test
    void theSameNameInAnotherNamespaceIsAnotherObject() {
        client.resource(map("twin", "left", "l")).create();
        client.resource(map("twin", "right", "r")).create();

        client.configMaps().inNamespace("right").withName("twin").delete();

        assertThat(client.configMaps().inNamespace("left").withName("twin").get().getData()).containsEntry("v", "l");
        assertThat(client.configMaps().inNamespace("right").withName("twin").get()).isNull();
    }

    @Test
    void requestsAreRecordedOnceAskedFor() {
        cluster.takeRequests();

        client.configMaps().inNamespace("seen").withName("nothing").get();

        assertThat(cluster.takeRequests()).containsExactly("GET /api/v1/namespaces/seen/configmaps/nothing");
        assertThat(cluster.takeRequests()).isEmpty();
    }

    private static ConfigMap map(String name, String namespace, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withData(Map.of("v", value)).build();
    }
}
