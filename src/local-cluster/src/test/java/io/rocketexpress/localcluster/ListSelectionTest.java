package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Lists narrowed by label and field selectors, through plain HTTP as kubectl sends them and through fabric8. */
class ListSelectionTest {

    private static final String API = "/apis/rocketexpress.io/v1alpha1";

    private static LocalCluster cluster;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster();
        kubectl = new Kubectl(cluster);
        new Kubectl.Created(kubectl.post(API + "/namespaces/east/vehicles",
                WatchTest.vehicle("xzy-1-001", Map.of("rocketexpress.io/home-region", "hangzhou"))));
        new Kubectl.Created(kubectl.post(API + "/namespaces/east/vehicles",
                WatchTest.vehicle("xzy-1-002", Map.of("rocketexpress.io/home-region", "dubai"))));
        new Kubectl.Created(kubectl.post(API + "/namespaces/west/vehicles",
                WatchTest.vehicle("xzy-1-001", Map.of("rocketexpress.io/home-region", "liege"))));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aLabelSelectorNarrowsAList() throws Exception {
        assertThat(names(API + "/vehicles?labelSelector=rocketexpress.io%2Fhome-region%20in%20(hangzhou,liege)"))
                .containsExactlyInAnyOrder("east/xzy-1-001", "west/xzy-1-001");
        assertThat(names(API + "/namespaces/east/vehicles?labelSelector=rocketexpress.io%2Fhome-region!%3Dhangzhou"))
                .containsExactly("east/xzy-1-002");
    }

    @Test
    void nameAndNamespaceFieldSelectorsNarrowAList() throws Exception {
        assertThat(names(API + "/vehicles?fieldSelector=metadata.name%3Dxzy-1-001")).containsExactlyInAnyOrder("east/xzy-1-001", "west/xzy-1-001");
        assertThat(names(API + "/vehicles?fieldSelector=metadata.namespace%3Dwest")).containsExactly("west/xzy-1-001");
    }

    @Test
    void kubectlsTableListingHonoursTheSelector() throws Exception {
        JsonNode table = new ObjectMapper().readTree(kubectl.get(
                API + "/namespaces/east/vehicles?labelSelector=rocketexpress.io%2Fhome-region%3Ddubai", Kubectl.TABLE_ACCEPT).body());

        assertThat(table.path("rows")).hasSize(1);
        assertThat(table.path("rows").get(0).path("cells").get(0).asText()).isEqualTo("xzy-1-002");
    }

    @Test
    void fabric8SelectorsGetTheSameAnswer() {
        var vehicles = cluster.client().genericKubernetesResources("rocketexpress.io/v1alpha1", "Vehicle");

        assertThat(vehicles.inAnyNamespace().withLabelIn("rocketexpress.io/home-region", "dubai", "liege").list().getItems())
                .extracting(GenericKubernetesResource::getMetadata).extracting(m -> m.getNamespace() + "/" + m.getName())
                .containsExactlyInAnyOrder("east/xzy-1-002", "west/xzy-1-001");
        assertThat(vehicles.inNamespace("east").withField("metadata.name", "xzy-1-001").list().getItems()).hasSize(1);
    }

    @Test
    void anUnsupportedFieldIsRefused() {
        var response = kubectl.get(API + "/vehicles?fieldSelector=spec.homeRegion%3Ddubai", Kubectl.JSON);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("field label not supported: spec.homeRegion");
    }

    private static List<String> names(String path) throws Exception {
        var response = kubectl.get(path, Kubectl.JSON);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(response.body()).path("items").forEach(item -> names.add(
                item.path("metadata").path("namespace").asText() + "/" + item.path("metadata").path("name").asText()));
        return names;
    }
}
