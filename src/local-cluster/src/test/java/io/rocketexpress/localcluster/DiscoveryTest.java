package io.rocketexpress.localcluster;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final List<String> RESOURCE_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

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
    void versionDescribesAKubernetesServer() {
        HttpResponse<String> response = kubectl.get("/version", Kubectl.JSON);

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> version = JSON.unmarshal(response.body(), Map.class);
        assertThat(version).containsEntry("major", "1").containsKey("minor");
        assertThat(version.get("gitVersion")).startsWith("v1.");
        VersionInfo seenByFabric8 = cluster.client().getKubernetesVersion();
        assertThat(seenByFabric8.getMajor()).isEqualTo("1");
        assertThat(seenByFabric8.getMinor()).isEqualTo(version.get("minor"));
    }

    @Test
    void legacyApiAnswersPlainJsonSoKubectlFallsBackFromAggregatedDiscovery() {
        HttpResponse<String> response = kubectl.get("/api", Kubectl.DISCOVERY_ACCEPT);

        assertThat(response.statusCode()).isEqualTo(200);
        // client-go reads aggregated discovery only when the content type says so; plain JSON means APIVersions.
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        APIVersions versions = JSON.unmarshal(response.body(), APIVersions.class);
        assertThat(versions.getKind()).isEqualTo("APIVersions");
        assertThat(versions.getVersions()).containsExactly("v1");
    }

    @Test
    void groupListNamesOurGroupBesideTheBuiltInOnes() {
        HttpResponse<String> response = kubectl.get("/apis", Kubectl.DISCOVERY_ACCEPT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        APIGroupList groups = JSON.unmarshal(response.body(), APIGroupList.class);
        assertThat(groups.getKind()).isEqualTo("APIGroupList");
        assertThat(groups.getGroups()).extracting(APIGroup::getName)
                .contains("rocketexpress.io", "batch", "coordination.k8s.io", "apiextensions.k8s.io", "apps");
        APIGroup ours = group(groups, "rocketexpress.io");
        assertThat(ours.getPreferredVersion().getGroupVersion()).isEqualTo("rocketexpress.io/v1alpha1");
        assertThat(ours.getVersions()).extracting("version").containsExactly("v1alpha1");
    }

    @Test
    void ourGroupVersionListsLaunchesAndVehiclesWithTheirStatus() {
        APIResourceList list = resources("/apis/rocketexpress.io/v1alpha1");

        assertThat(list.getGroupVersion()).isEqualTo("rocketexpress.io/v1alpha1");
        assertThat(list.getResources()).extracting(APIResource::getName)
                .containsExactlyInAnyOrder("launches", "launches/status", "vehicles", "vehicles/status",
                        "recoveries", "recoveries/status");
        APIResource launches = resource(list, "launches");
        assertThat(launches.getSingularName()).isEqualTo("launch");
        assertThat(launches.getKind()).isEqualTo("Launch");
        assertThat(launches.getNamespaced()).isTrue();
        assertThat(launches.getVerbs()).containsExactlyInAnyOrderElementsOf(RESOURCE_VERBS);
        assertThat(launches.getShortNames()).containsExactly("lnch");
        assertThat(launches.getCategories()).containsExactly("rocketexpress");
        APIResource vehicles = resource(list, "vehicles");
        assertThat(vehicles.getKind()).isEqualTo("Vehicle");
        assertThat(vehicles.getShortNames()).containsExactly("veh");
        APIResource launchStatus = resource(list, "launches/status");
        assertThat(launchStatus.getKind()).isEqualTo("Launch");
        assertThat(launchStatus.getVerbs()).containsExactlyInAnyOrder("get", "patch", "update");
        assertThat(resource(list, "vehicles/status").getNamespaced()).isTrue();

        APIGroup group = JSON.unmarshal(kubectl.get("/apis/rocketexpress.io", Kubectl.JSON).body(), APIGroup.class);
        assertThat(group.getKind()).isEqualTo("APIGroup");
        assertThat(group.getPreferredVersion().getVersion()).isEqualTo("v1alpha1");
    }

    @Test
    void builtInGroupVersionsListTheResourcesOurApplicationsUse() {
        APIResourceList core = resources("/api/v1");
        assertThat(core.getResources()).extracting(APIResource::getName)
                .contains("pods", "secrets", "events", "namespaces", "configmaps", "services", "serviceaccounts");
        assertThat(resource(core, "namespaces").getNamespaced()).isFalse();
        assertThat(resource(core, "pods").getShortNames()).containsExactly("po");
        assertThat(resource(core, "secrets").getKind()).isEqualTo("Secret");

        assertThat(resource(resources("/apis/batch/v1"), "jobs").getKind()).isEqualTo("Job");
        assertThat(resources("/apis/batch/v1").getResources()).extracting(APIResource::getName).contains("jobs/status");
        assertThat(resource(resources("/apis/coordination.k8s.io/v1"), "leases").getNamespaced()).isTrue();
        APIResource crds = resource(resources("/apis/apiextensions.k8s.io/v1"), "customresourcedefinitions");
        assertThat(crds.getNamespaced()).isFalse();
        assertThat(crds.getShortNames()).contains("crd");
    }

    @Test
    void aNewDefinitionJoinsDiscoveryAndLeavesWithIt() {
        KubernetesClient client = cluster.client();
        CustomResourceDefinition beacons = beacons();
        client.resource(beacons).create();
        try {
            APIGroupList groups = JSON.unmarshal(kubectl.get("/apis", Kubectl.DISCOVERY_ACCEPT).body(), APIGroupList.class);
            APIGroup group = group(groups, "beacons.rocketexpress.io");
            // v1 outranks v1beta1 even though v1beta1 is the stored version.
            assertThat(group.getVersions()).extracting("version").containsExactly("v1", "v1beta1");
            assertThat(group.getPreferredVersion().getVersion()).isEqualTo("v1");

            APIResourceList v1 = resources("/apis/beacons.rocketexpress.io/v1");
            assertThat(v1.getResources()).extracting(APIResource::getName).containsExactly("beacons", "beacons/scale");
            assertThat(resource(v1, "beacons").getNamespaced()).isFalse();
            APIResource scale = resource(v1, "beacons/scale");
            assertThat(scale.getKind()).isEqualTo("Scale");
            assertThat(scale.getGroup()).isEqualTo("autoscaling");
            assertThat(resources("/apis/beacons.rocketexpress.io/v1beta1").getResources())
                    .extracting(APIResource::getName).containsExactly("beacons");
            assertThat(kubectl.get("/apis/beacons.rocketexpress.io/v2", Kubectl.JSON).statusCode()).isEqualTo(404);
        } finally {
            client.resource(beacons).delete();
        }

        APIGroupList after = JSON.unmarshal(kubectl.get("/apis", Kubectl.DISCOVERY_ACCEPT).body(), APIGroupList.class);
        assertThat(after.getGroups()).extracting(APIGroup::getName).doesNotContain("beacons.rocketexpress.io");
        assertThat(kubectl.get("/apis/beacons.rocketexpress.io/v1", Kubectl.JSON).statusCode()).isEqualTo(404);
    }

    @Test
    void unknownGroupsAndNonResourcePathsAreNotFound() {
        for (String path : List.of("/apis/nowhere.example.com", "/apis/nowhere.example.com/v1", "/api/v2", "/metrics")) {
            HttpResponse<String> response = kubectl.get(path, Kubectl.JSON);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            Status status = JSON.unmarshal(response.body(), Status.class);
            assertThat(status.getReason()).as(path).isEqualTo("NotFound");
        }
        assertThat(kubectl.get("/healthz", "*/*").body()).isEqualTo("ok");
    }

    @Test
    void resourcePathsStillReachTheStore() {
        String secret = """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"beacon","namespace":"discovery"},
                 "stringData":{"k":"v"}}""";
        assertThat(kubectl.post("/api/v1/namespaces/discovery/secrets", secret).statusCode()).isEqualTo(201);

        HttpResponse<String> list = kubectl.get("/api/v1/namespaces/discovery/secrets", Kubectl.JSON);

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"name\":\"beacon\"");
    }

    @Test
    void fabric8DiscoveryFindsOurResources() {
        KubernetesClient client = cluster.client();

        assertThat(client.getApiGroups().getGroups()).extracting(APIGroup::getName).contains("rocketexpress.io");
        assertThat(client.getApiGroup("rocketexpress.io").getPreferredVersion().getVersion()).isEqualTo("v1alpha1");
        assertThat(client.getApiResources("rocketexpress.io/v1alpha1").getResources())
                .extracting(APIResource::getKind).contains("Launch", "Vehicle");
        assertThat(client.hasApiGroup("rocketexpress.io", false)).isTrue();

        GenericKubernetesResource launch = new GenericKubernetesResourceBuilder()
                .withApiVersion("rocketexpress.io/v1alpha1").withKind("Launch")
                .withNewMetadata().withName("hgh-dxb-0600").withNamespace("generic").endMetadata()
                .addToAdditionalProperties("spec", Map.of("origin", "hangzhou", "destination", "dubai",
                        "window", Map.of("opensAt", "2026-12-01T06:00:00Z", "closesAt", "2026-12-01T06:30:00Z")))
                .build();
        client.genericKubernetesResources("rocketexpress.io/v1alpha1", "Launch").resource(launch).create();

        assertThat(client.genericKubernetesResources("rocketexpress.io/v1alpha1", "Launch").inNamespace("generic").list()
                .getItems()).extracting(r -> r.getMetadata().getName()).containsExactly("hgh-dxb-0600");
    }

    private static APIResourceList resources(String path) {
        HttpResponse<String> response = kubectl.get(path, Kubectl.JSON);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        APIResourceList list = JSON.unmarshal(response.body(), APIResourceList.class);
        assertThat(list.getKind()).isEqualTo("APIResourceList");
        return list;
    }

    private static APIResource resource(APIResourceList list, String name) {
        Optional<APIResource> found = list.getResources().stream().filter(r -> r.getName().equals(name)).findFirst();
        assertThat(found).as(name + " in " + list.getGroupVersion()).isPresent();
        return found.get();
    }

    private static APIGroup group(APIGroupList list, String name) {
        Optional<APIGroup> found = list.getGroups().stream().filter(g -> g.getName().equals(name)).findFirst();
        assertThat(found).as(name).isPresent();
        return found.get();
    }

    /** A cluster-scoped CRD with two served versions, the older one stored, and a scale subresource on v1. */
    private static CustomResourceDefinition beacons() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("beacons.beacons.rocketexpress.io").endMetadata()
                .withNewSpec().withGroup("beacons.rocketexpress.io").withScope("Cluster")
                .withNewNames().withKind("Beacon").withPlural("beacons").withSingular("beacon").endNames()
                .addNewVersion().withName("v1beta1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").endOpenAPIV3Schema().endSchema()
                .endVersion()
                .addNewVersion().withName("v1").withServed(true).withStorage(false)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").endOpenAPIV3Schema().endSchema()
                .withNewSubresources().withNewScale().withSpecReplicasPath(".spec.replicas")
                .withStatusReplicasPath(".status.replicas").endScale().endSubresources()
                .endVersion()
                .addNewVersion().withName("v2").withServed(false).withStorage(false)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").endOpenAPIV3Schema().endSchema()
                .endVersion()
                .endSpec().build();
    }
}
