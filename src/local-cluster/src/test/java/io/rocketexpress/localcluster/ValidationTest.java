package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writes checked against the published schemas and the CRDs' CEL rules, as the API server checks them. */
class ValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAUNCHES = "/apis/rocketexpress.io/v1alpha1/namespaces/validated/launches";
    private static final String VEHICLES = "/apis/rocketexpress.io/v1alpha1/namespaces/validated/vehicles";
    private static final String STRICT = "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict";

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
    void strictValidationRefusesAnUnknownFieldAsAStrictDecodingError() throws Exception {
        HttpResponse<String> response = kubectl.post(LAUNCHES + STRICT, launch("typo", "hangzhou", "dubai",
                "2026-12-01T06:00:00Z", "2026-12-01T07:00:00Z").replace("\"window\"", "\"windw\""));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.path("reason").asText()).isEqualTo("BadRequest");
        assertThat(status.path("message").asText()).isEqualTo("Launch in version \"v1alpha1\" cannot be handled as a Launch: "
                + "strict decoding error: unknown field \"spec.windw\"");
        assertThat(kubectl.get(LAUNCHES + "/typo", Kubectl.JSON).statusCode()).isEqualTo(404);
    }

    @Test
    void strictValidationChecksMetadataAndPatchesToo() {
        created(kubectl.post(VEHICLES, WatchTest.vehicle("xzy-1-101", Map.of())));

        HttpResponse<String> labelz = kubectl.post(VEHICLES + STRICT, """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Vehicle","metadata":{"name":"xzy-1-102","labelz":{}},
                 "spec":{"homeRegion":"dubai"}}""");
        HttpResponse<String> patch = kubectl.mergePatch(VEHICLES + "/xzy-1-101" + STRICT, "{\"spec\":{\"grounde\":true}}");

        assertThat(labelz.statusCode()).isEqualTo(400);
        assertThat(labelz.body()).contains("unknown field \\\"metadata.labelz\\\"");
        assertThat(patch.statusCode()).isEqualTo(400);
        assertThat(patch.body()).contains("unknown field \\\"spec.grounde\\\"");
    }

    @Test
    void freeFormMetadataSuchAsManagedFieldsIsNotUnknown() {
        created(kubectl.post(VEHICLES + STRICT, """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Vehicle","metadata":{"name":"xzy-1-108",
                 "managedFields":[{"manager":"kubectl","operation":"Apply","fieldsType":"FieldsV1",
                 "fieldsV1":{"f:spec":{"f:homeRegion":{}}}}]},
                 "spec":{"homeRegion":"dubai"}}"""));
    }

    @Test
    void withoutStrictAnUnknownFieldIsNotRefused() {
        HttpResponse<String> response = kubectl.post(VEHICLES, """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Vehicle","metadata":{"name":"xzy-1-103"},
                 "spec":{"homeRegion":"dubai","colour":"white"}}""");

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void schemaTypesRequiredFieldsPatternsAndBoundsAreRefusedAsInvalid() throws Exception {
        HttpResponse<String> response = kubectl.post(VEHICLES, """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Vehicle","metadata":{"name":"xzy-1-104"},
                 "spec":{"payloadCapacityKg":"heavy","maxFlights":0,"turnaround":"18 hours","grounded":"no"}}""");

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.path("reason").asText()).isEqualTo("Invalid");
        assertThat(status.path("message").asText()).startsWith("Vehicle.rocketexpress.io \"xzy-1-104\" is invalid: [");
        assertThat(causes(status)).containsExactlyInAnyOrder(
                "FieldValueRequired spec.homeRegion",
                "FieldValueTypeInvalid spec.payloadCapacityKg",
                "FieldValueInvalid spec.maxFlights",
                "FieldValueInvalid spec.turnaround",
                "FieldValueTypeInvalid spec.grounded");
        assertThat(status.path("details").path("kind").asText()).isEqualTo("Vehicle");
    }

    @Test
    void aNullIsTakenAsAnAbsentFieldUnlessTheFieldIsRequired() throws Exception {
        created(kubectl.post(VEHICLES, """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Vehicle","metadata":{"name":"xzy-1-107"},
                 "spec":{"homeRegion":"dubai","model":null},"status":null}"""));

        HttpResponse<String> response = kubectl.mergePatch(VEHICLES + "/xzy-1-107", "{\"spec\":{\"homeRegion\":null}}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(causes(JSON.readTree(response.body()))).containsExactly("FieldValueRequired spec.homeRegion");
    }

    @Test
    void anEnumIsEnforcedOnAStatusWrite() throws Exception {
        created(kubectl.post(VEHICLES, WatchTest.vehicle("xzy-1-105", Map.of())));

        HttpResponse<String> response = kubectl.mergePatch(VEHICLES + "/xzy-1-105/status", "{\"status\":{\"phase\":\"Flying\"}}");

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode status = JSON.readTree(response.body());
        assertThat(causes(status)).containsExactly("FieldValueNotSupported status.phase");
        assertThat(status.path("details").path("causes").get(0).path("message").asText()).startsWith("Unsupported value: \"Flying\"");
    }

    @Test
    void aCelRuleRefusesAWindowThatClosesBeforeItOpens() throws Exception {
        HttpResponse<String> response = kubectl.post(LAUNCHES, launch("backwards", "hangzhou", "dubai",
                "2026-12-01T07:00:00Z", "2026-12-01T06:00:00Z"));

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.path("message").asText()).isEqualTo("Launch.rocketexpress.io \"backwards\" is invalid: "
                + "spec.window: Invalid value: \"object\": window.closesAt must be after window.opensAt");
        assertThat(causes(status)).containsExactly("FieldValueInvalid spec.window");
    }

    @Test
    void celRulesAreCheckedOnPatchesAndThroughFabric8() {
        created(kubectl.post(LAUNCHES, launch("hgh-dxb-0600", "hangzhou", "dubai", "2026-12-01T06:00:00Z", "2026-12-01T07:00:00Z")));

        HttpResponse<String> patch = kubectl.mergePatch(LAUNCHES + "/hgh-dxb-0600", "{\"spec\":{\"destination\":\"hangzhou\"}}");
        assertThat(patch.statusCode()).isEqualTo(422);
        assertThat(patch.body()).contains("origin and destination must be different regions");

        GenericKubernetesResource same = new KubernetesSerialization().unmarshal(
                launch("hgh-hgh-0600", "hangzhou", "hangzhou", "2026-12-01T06:00:00Z", "2026-12-01T07:00:00Z"),
                GenericKubernetesResource.class);
        assertThatThrownBy(() -> cluster.client().resource(same).inNamespace("validated").create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("origin and destination must be different regions");
                });
    }

    @Test
    void aTransitionRuleComparesWithTheStoredValue() {
        cluster.client().apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("barges.ops.example.com").endMetadata()
                .withNewSpec().withGroup("ops.example.com").withScope("Namespaced")
                .withNewNames().withKind("Barge").withPlural("barges").withSingular("barge").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
                        .addToProperties("spec", new JSONSchemaPropsBuilder().withType("object")
                                .addToProperties("port", new JSONSchemaPropsBuilder().withType("string")
                                        .withXKubernetesValidations(new ValidationRuleBuilder()
                                                .withRule("self == oldSelf").withMessage("port is immutable").build())
                                        .build())
                                .build())
                        .build()).endSchema()
                .endVersion().endSpec().build()).create();
        String barges = "/apis/ops.example.com/v1/namespaces/validated/barges";

        created(kubectl.post(barges, "{\"apiVersion\":\"ops.example.com/v1\",\"kind\":\"Barge\",\"metadata\":{\"name\":\"b1\"},\"spec\":{\"port\":\"dubai\"}}"));
        HttpResponse<String> moved = kubectl.mergePatch(barges + "/b1", "{\"spec\":{\"port\":\"liege\"}}");
        HttpResponse<String> unchanged = kubectl.mergePatch(barges + "/b1", "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");

        assertThat(moved.statusCode()).isEqualTo(422);
        assertThat(moved.body()).contains("port is immutable");
        assertThat(unchanged.statusCode()).isLessThan(300);
    }

    @Test
    void builtInKindsAreCheckedForUnknownFieldsUnderStrictValidation() {
        String secrets = "/api/v1/namespaces/validated/secrets";
        String secret = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"%s\"},\"stringDta\":{\"a\":\"b\"}}";

        HttpResponse<String> strict = kubectl.post(secrets + STRICT, secret.formatted("s1"));
        HttpResponse<String> lenient = kubectl.post(secrets, secret.formatted("s2"));

        assertThat(strict.statusCode()).isEqualTo(400);
        assertThat(strict.body()).contains("strict decoding error: unknown field \\\"stringDta\\\"");
        assertThat(lenient.statusCode()).isEqualTo(201);
    }

    @Test
    void validObjectsAreStored() {
        created(kubectl.post(LAUNCHES + STRICT, launch("hgh-lgg-0900", "hangzhou", "liege", "2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z")));
        created(kubectl.post(VEHICLES + STRICT, """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Vehicle","metadata":{"name":"xzy-1-106","labels":{"a":"b"}},
                 "spec":{"model":"XZY-1","homeRegion":"liege","payloadCapacityKg":10000,"cargoVolumeM3":120.5,"turnaround":"PT18H"}}"""));
        assertThat(kubectl.mergePatch(VEHICLES + "/xzy-1-106/status" + STRICT, """
                {"status":{"phase":"Available","flights":2,"conditions":[{"type":"Ready","status":"True","reason":"Available",
                 "message":"ready","lastTransitionTime":"2026-12-01T08:00:00Z","observedGeneration":1}]}}""").statusCode())
                .isLessThan(300);
    }

    static String launch(String name, String origin, String destination, String opensAt, String closesAt) {
        return """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Launch","metadata":{"name":"%s"},
                 "spec":{"origin":"%s","destination":"%s","window":{"opensAt":"%s","closesAt":"%s"}}}"""
                .formatted(name, origin, destination, opensAt, closesAt);
    }

    private static void created(HttpResponse<String> response) {
        new Kubectl.Created(response);
    }

    private static List<String> causes(JsonNode status) {
        List<String> causes = new ArrayList<>();
        status.path("details").path("causes").forEach(c -> causes.add(c.path("reason").asText() + " " + c.path("field").asText()));
        return causes;
    }
}
