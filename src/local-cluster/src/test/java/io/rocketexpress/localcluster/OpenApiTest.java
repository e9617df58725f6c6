package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI documents kubectl reads for {@code explain} and before {@code apply}. */
class OpenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAUNCH = "io.rocketexpress.v1alpha1.Launch";

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
    void theV3IndexNamesAGroupVersionDocumentForOurGroupAndTheBuiltInKindsWeServe() {
        JsonNode paths = get("/openapi/v3").path("paths");

        List<String> groupVersions = new ArrayList<>();
        paths.fieldNames().forEachRemaining(groupVersions::add);
        assertThat(groupVersions).contains("api/v1", "apis/batch/v1", "apis/coordination.k8s.io/v1", "apis/rocketexpress.io/v1alpha1");
        assertThat(paths.path("apis/rocketexpress.io/v1alpha1").path("serverRelativeURL").asText())
                .startsWith("/openapi/v3/apis/rocketexpress.io/v1alpha1?hash=");
    }

    @Test
    void ourGroupVersionDocumentDescribesEveryFieldFromTheCrd() {
        JsonNode document = groupVersion("apis/rocketexpress.io/v1alpha1");
        JsonNode launch = document.path("components").path("schemas").path(LAUNCH);

        assertThat(launch.path("x-kubernetes-group-version-kind").get(0).path("kind").asText()).isEqualTo("Launch");
        JsonNode window = launch.path("properties").path("spec").path("properties").path("window");
        assertThat(window.path("description").asText()).isNotBlank();
        assertThat(window.path("properties").path("opensAt").path("description").asText()).contains("RFC 3339");
        assertThat(launch.path("properties").path("metadata").path("allOf").get(0).path("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(document.path("components").path("schemas").has("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")).isTrue();
        assertThat(document.path("components").path("schemas").has("io.rocketexpress.v1alpha1.VehicleList")).isTrue();
    }

    @Test
    void patchOperationsAdvertiseServerSideFieldValidationSoKubectlLeavesValidationToTheServer() {
        JsonNode patch = groupVersion("apis/rocketexpress.io/v1alpha1").path("paths")
                .path("/apis/rocketexpress.io/v1alpha1/namespaces/{namespace}/launches/{name}").path("patch");

        assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("Launch");
        List<String> parameters = new ArrayList<>();
        patch.path("parameters").forEach(p -> parameters.add(p.path("in").asText() + ":" + p.path("name").asText()));
        assertThat(parameters).contains("query:fieldValidation", "query:fieldManager");
        // a custom resource takes no strategic merge patch: kubectl must send a JSON merge patch
        assertThat(patch.path("requestBody").path("content").has("application/merge-patch+json")).isTrue();
        assertThat(patch.path("requestBody").path("content").has("application/strategic-merge-patch+json")).isFalse();
    }

    @Test
    void builtInKindsAreDescribedFromTheModel() {
        JsonNode schemas = groupVersion("apis/batch/v1").path("components").path("schemas");

        JsonNode job = schemas.path("io.k8s.api.batch.v1.Job");
        assertThat(job.path("x-kubernetes-group-version-kind").get(0).path("kind").asText()).isEqualTo("Job");
        assertThat(job.path("properties").path("spec").path("allOf").get(0).path("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.api.batch.v1.JobSpec");
        assertThat(schemas.path("io.k8s.api.batch.v1.JobSpec").path("properties").path("backoffLimit").path("type").asText())
                .isEqualTo("integer");
        JsonNode core = groupVersion("api/v1").path("components").path("schemas");
        assertThat(core.path("io.k8s.api.core.v1.Secret").path("properties").path("stringData").path("type").asText()).isEqualTo("object");
        assertThat(core.has("io.k8s.api.core.v1.Event")).isTrue();
        assertThat(groupVersion("apis/coordination.k8s.io/v1").path("components").path("schemas")
                .has("io.k8s.api.coordination.v1.Lease")).isTrue();
    }

    @Test
    void aCrdInstalledLaterIsDocumentedAtOnce() {
        cluster.client().apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("barges.ops.example.com").endMetadata()
                .withNewSpec().withGroup("ops.example.com").withScope("Namespaced")
                .withNewNames().withKind("Barge").withListKind("BargeList").withPlural("barges").withSingular("barge").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withDescription("A recovery barge.").endOpenAPIV3Schema().endSchema()
                .endVersion().endSpec().build()).create();

        JsonNode barge = groupVersion("apis/ops.example.com/v1").path("components").path("schemas").path("com.example.ops.v1.Barge");
        assertThat(barge.path("description").asText()).isEqualTo("A recovery barge.");
    }

    @Test
    void v2IsOneSwaggerDocumentWithDefinitionReferences() {
        JsonNode document = get("/openapi/v2");

        assertThat(document.path("swagger").asText()).isEqualTo("2.0");
        assertThat(document.path("definitions").has(LAUNCH)).isTrue();
        assertThat(document.path("definitions").path(LAUNCH).path("properties").path("metadata").path("allOf").get(0).path("$ref").asText())
                .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        JsonNode patch = document.path("paths").path("/apis/rocketexpress.io/v1alpha1/namespaces/{namespace}/launches/{name}").path("patch");
        assertThat(patch.path("consumes")).extracting(JsonNode::asText).contains("application/merge-patch+json");
        assertThat(document.path("paths").has("/apis/batch/v1/namespaces/{namespace}/jobs")).isTrue();
    }

    @Test
    void v2IsServedInProtobufToClientsThatAskForIt() throws Exception {
        String server = cluster.client().getMasterUrl().toString().replaceAll("/$", "");
        HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create(server + "/openapi/v2"))
                        .header("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf").build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(OpenApiV2Protobuf.CONTENT_TYPE);
        byte[] body = response.body();
        // field 1 (swagger), length-delimited, "2.0"
        assertThat(java.util.Arrays.copyOf(body, 5)).containsExactly(0x0a, 0x03, '2', '.', '0');
        String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).contains(LAUNCH, "window.closesAt must be after window.opensAt", "x-kubernetes-group-version-kind");
    }

    @Test
    void anUnknownGroupVersionDocumentIsNotFound() {
        assertThat(kubectl.get("/openapi/v3/apis/nothing.example.com/v1", Kubectl.JSON).statusCode()).isEqualTo(404);
    }

    private static JsonNode groupVersion(String groupVersion) {
        String url = get("/openapi/v3").path("paths").path(groupVersion).path("serverRelativeURL").asText();
        assertThat(url).as("listed " + groupVersion).isNotEmpty();
        return get(url);
    }

    private static JsonNode get(String path) {
        HttpResponse<String> response = kubectl.get(path, Kubectl.JSON);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
