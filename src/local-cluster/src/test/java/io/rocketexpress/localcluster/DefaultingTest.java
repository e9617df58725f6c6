package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the API server does to a custom resource before storing it: the CRD's defaults set, unknown fields dropped. */
class DefaultingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/apis/rocketexpress.io/v1alpha1/namespaces/defaulted";

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
    void aVehicleLeftAtTheDefaultsIsStoredWithThem() throws Exception {
        JsonNode created = new Kubectl.Created(kubectl.post(API + "/vehicles", WatchTest.vehicle("xzy-1-001", Map.of()))).object();

        JsonNode spec = stored("/vehicles/xzy-1-001").path("spec");
        assertThat(spec.path("model").asText()).isEqualTo("XZY-1");
        assertThat(spec.path("payloadCapacityKg").toString()).isEqualTo("10000");
        assertThat(spec.path("cargoVolumeM3").toString()).isEqualTo("120");
        assertThat(spec.path("maxFlights").asInt()).isEqualTo(20);
        assertThat(spec.path("turnaround").asText()).isEqualTo("PT18H");
        assertThat(spec.path("grounded").isBoolean()).isTrue();
        assertThat(created.path("spec").path("model").asText()).as("the creation's answer").isEqualTo("XZY-1");
    }

    @Test
    void defaultsGoIntoObjectsThatArePresentOnly() throws Exception {
        new Kubectl.Created(kubectl.post(API + "/launches", ValidationTest.launch("hgh-dxb-0600", "hangzhou", "dubai",
                "2026-12-01T06:00:00Z", "2026-12-01T07:00:00Z")));
        new Kubectl.Created(kubectl.post(API + "/launches", ValidationTest.launch("hgh-dxb-0700", "hangzhou", "dubai",
                "2026-12-01T07:00:00Z", "2026-12-01T08:00:00Z").replace("\"window\"", "\"manifest\":{\"id\":\"m-1\"},\"window\"")));

        JsonNode withoutManifest = stored("/launches/hgh-dxb-0600").path("spec");
        JsonNode withManifest = stored("/launches/hgh-dxb-0700").path("spec");
        assertThat(withoutManifest.path("cutoff").asText()).isEqualTo("PT30M");
        assertThat(withoutManifest.has("manifest")).isFalse();
        assertThat(withManifest.path("manifest").path("sealed").isBoolean()).isTrue();
        assertThat(withManifest.path("manifest").path("id").asText()).isEqualTo("m-1");
    }

    @Test
    void aFieldPatchedAwayTakesItsDefaultAgain() throws Exception {
        new Kubectl.Created(kubectl.post(API + "/vehicles", WatchTest.vehicle("xzy-1-002", Map.of())));

        assertThat(kubectl.mergePatch(API + "/vehicles/xzy-1-002", "{\"spec\":{\"turnaround\":\"PT6H\"}}").statusCode()).isLessThan(300);
        assertThat(stored("/vehicles/xzy-1-002").path("spec").path("turnaround").asText()).isEqualTo("PT6H");
        assertThat(kubectl.mergePatch(API + "/vehicles/xzy-1-002", "{\"spec\":{\"turnaround\":null}}").statusCode()).isLessThan(300);
        assertThat(stored("/vehicles/xzy-1-002").path("spec").path("turnaround").asText()).isEqualTo("PT18H");
    }

    @Test
    void unknownFieldsAreDroppedWhenNotRefused() throws Exception {
        new Kubectl.Created(kubectl.post(API + "/vehicles", """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Vehicle","metadata":{"name":"xzy-1-003","labels":{"a":"b"}},
                 "spec":{"homeRegion":"dubai","colour":"white"},"extra":{"x":1}}"""));

        JsonNode stored = stored("/vehicles/xzy-1-003");
        assertThat(stored.path("spec").has("colour")).isFalse();
        assertThat(stored.has("extra")).isFalse();
        assertThat(stored.path("metadata").path("labels").path("a").asText()).isEqualTo("b");
    }

    @Test
    void fabric8ClientsGetTheDefaultedObjectBack() {
        GenericKubernetesResource launch = new KubernetesSerialization().unmarshal(ValidationTest.launch("hgh-lgg-0900",
                "hangzhou", "liege", "2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z"), GenericKubernetesResource.class);

        GenericKubernetesResource created = cluster.client().resource(launch).inNamespace("defaulted").create();

        assertThat(((Map<?, ?>) created.getAdditionalProperties().get("spec")).get("cutoff")).isEqualTo("PT30M");
    }

    private static JsonNode stored(String path) throws Exception {
        return JSON.readTree(kubectl.get(API + path, Kubectl.JSON).body());
    }
}
