package io.rocketexpress.model.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What platform teams see of the CRDs: kubectl get columns, explain texts, validation, defaults. */
class GeneratedCrdSchemaTest {

    private final CustomResourceDefinition launches = CustomResourceDefinitions.load(GeneratedCrds.LAUNCHES);
    private final CustomResourceDefinition vehicles = CustomResourceDefinitions.load(GeneratedCrds.VEHICLES);
    private final CustomResourceDefinition recoveries = CustomResourceDefinitions.load(GeneratedCrds.RECOVERIES);

    @Test
    void bothKindsAreNamespacedInTheRocketExpressGroupAndCategory() {
        for (CustomResourceDefinition crd : List.of(launches, vehicles)) {
            assertThat(crd.getSpec().getGroup()).isEqualTo("rocketexpress.io");
            assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
            assertThat(crd.getSpec().getNames().getCategories()).containsExactly("rocketexpress");
            assertThat(crd.getSpec().getVersions()).extracting(CustomResourceDefinitionVersion::getName,
                    CustomResourceDefinitionVersion::getServed, CustomResourceDefinitionVersion::getStorage)
                    .containsExactly(tuple("v1alpha1", true, true));
            assertThat(version(crd).getSubresources().getStatus()).as("status subresource").isNotNull();
        }
        assertThat(launches.getSpec().getNames().getShortNames()).containsExactly("lnch");
        assertThat(vehicles.getSpec().getNames().getShortNames()).containsExactly("veh");
    }

    @Test
    void recoveryIsANamespacedKindWithStatusShortNameRecPhaseLaunchOriginVehicleAndAgeColumns() {
        assertThat(recoveries.getSpec().getGroup()).isEqualTo("rocketexpress.io");
        assertThat(recoveries.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(recoveries.getSpec().getNames().getCategories()).containsExactly("rocketexpress");
        assertThat(recoveries.getSpec().getNames().getShortNames()).containsExactly("rec");
        assertThat(version(recoveries).getSubresources().getStatus()).as("status subresource").isNotNull();
        assertThat(version(recoveries).getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath)
                .containsExactly(
                        tuple("Phase", ".status.phase"),
                        tuple("Launch", ".spec.launch.name"),
                        tuple("Origin", ".spec.launch.region"),
                        tuple("Vehicle", ".spec.vehicle.name"),
                        tuple("Age", ".metadata.creationTimestamp"));
        JSONSchemaProps spec = property(recoveries, "spec");
        assertThat(spec.getRequired()).containsExactlyInAnyOrder("launch", "vehicle", "landedAt");
        assertThat(spec.getProperties().get("launch").getRequired())
                .containsExactlyInAnyOrder("region", "namespace", "name", "uid");
        assertThat(spec.getProperties().get("vehicle").getProperties().keySet())
                .containsExactlyInAnyOrder("name", "spec", "flights");
        assertThat(spec.getProperties().get("manifest").getProperties().keySet())
                .contains("parcels", "massKg", "volumeM3");
        JSONSchemaProps status = property(recoveries, "status");
        assertThat(status.getProperties().get("phase").getEnum()).extracting(node -> node.asText())
                .containsExactlyInAnyOrder("Pending", "Recovering", "Recovered", "Failed");
        assertThat(status.getProperties().keySet())
                .contains("job", "attempts", "recoveredAt", "observedGeneration", "conditions");
    }

    @Test
    void launchColumnsShowPhaseVehicleRouteOpeningAndAgeInThatOrder() {
        assertThat(version(launches).getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath,
                        CustomResourceColumnDefinition::getType)
                .containsExactly(
                        tuple("Phase", ".status.phase", "string"),
                        tuple("Vehicle", ".status.vehicle", "string"),
                        tuple("Origin", ".spec.origin", "string"),
                        tuple("Destination", ".spec.destination", "string"),
                        tuple("Opens", ".spec.window.opensAt", "string"),
                        tuple("Age", ".metadata.creationTimestamp", "date"));
    }

    @Test
    void vehicleColumnsShowPhaseRegionFlightsReadinessAndAgeInThatOrder() {
        assertThat(version(vehicles).getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath,
                        CustomResourceColumnDefinition::getType)
                .containsExactly(
                        tuple("Phase", ".status.phase", "string"),
                        tuple("Region", ".status.region", "string"),
                        tuple("Flights", ".status.flights", "integer"),
                        tuple("Ready", ".status.conditions[?(@.type==\"Ready\")].status", "string"),
                        tuple("Age", ".metadata.creationTimestamp", "date"));
    }

    @Test
    void everyFieldHasADescriptionForKubectlExplain() {
        for (CustomResourceDefinition crd : List.of(launches, vehicles, recoveries)) {
            assertThat(schema(crd).getDescription()).as("description of the kind").isNotBlank();
            List<String> undescribed = new ArrayList<>();
            collectUndescribed("", schema(crd), undescribed);
            assertThat(undescribed).as("fields of %s without description", crd.getMetadata().getName()).isEmpty();
        }
    }

    @Test
    void launchSpecRequiresRouteAndWindowAndDefaultsCutoffAndScrub() {
        JSONSchemaProps spec = property(launches, "spec");
        assertThat(spec.getRequired()).containsExactlyInAnyOrder("origin", "destination", "window");
        assertThat(spec.getProperties().get("window").getRequired()).containsExactlyInAnyOrder("opensAt", "closesAt");
        assertThat(spec.getProperties().get("cutoff").getDefault().asText()).isEqualTo("PT30M");
        assertThat(spec.getProperties().get("scrub").getDefault().asBoolean()).isFalse();
        JSONSchemaProps manifest = spec.getProperties().get("manifest");
        assertThat(manifest.getProperties().keySet())
                .containsExactlyInAnyOrder("sealed", "id", "parcels", "massKg", "volumeM3");
        assertThat(manifest.getProperties().get("massKg").getMinimum()).isZero();
    }

    @Test
    void vehicleSpecDefaultsToTheXzy1AndRequiresAHomeRegion() {
        JSONSchemaProps spec = property(vehicles, "spec");
        assertThat(spec.getRequired()).containsExactly("homeRegion");
        Map<String, JSONSchemaProps> fields = spec.getProperties();
        assertThat(fields.get("model").getDefault().asText()).isEqualTo("XZY-1");
        assertThat(fields.get("payloadCapacityKg").getDefault().asDouble()).isEqualTo(10_000);
        assertThat(fields.get("cargoVolumeM3").getDefault().asDouble()).isEqualTo(120);
        assertThat(fields.get("maxFlights").getDefault().asInt()).isEqualTo(20);
        assertThat(fields.get("turnaround").getDefault().asText()).isEqualTo("PT18H");
        assertThat(fields.get("grounded").getDefault().asBoolean()).isFalse();
        assertThat(fields.get("maxFlights").getMinimum()).isEqualTo(1);
        assertThat(fields.get("payloadCapacityKg").getMinimum()).isZero();
        assertThat(fields.get("payloadCapacityKg").getExclusiveMinimum()).isTrue();
    }

    @Test
    void statusesCarryPhaseObservedGenerationAndStandardConditions() {
        assertThat(property(launches, "status").getProperties().get("phase").getEnum())
                .extracting(node -> node.asText())
                .containsExactlyInAnyOrder("Pending", "Scheduled", "Launching", "InFlight", "Landed", "Recovering",
                        "Completed", "Scrubbed", "Failed");
        assertThat(property(vehicles, "status").getProperties().get("phase").getEnum())
                .extracting(node -> node.asText())
                .containsExactlyInAnyOrder("Available", "Reserved", "InFlight", "Recovering", "Refurbishing",
                        "Grounded", "Retired");
        for (CustomResourceDefinition crd : List.of(launches, vehicles)) {
            JSONSchemaProps status = property(crd, "status");
            assertThat(status.getProperties().get("observedGeneration").getType()).isEqualTo("integer");
            JSONSchemaProps condition = status.getProperties().get("conditions").getItems().getSchema();
            assertThat(condition.getProperties().keySet()).containsExactlyInAnyOrder(
                    "type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
            assertThat(condition.getRequired()).containsExactlyInAnyOrder("type", "status");
        }
        assertThat(property(launches, "status").getProperties().keySet()).contains(
                "vehicle", "controllerJob", "recoveryJob", "liftoffAt", "landedAt", "recoveredAt", "message");
        assertThat(property(vehicles, "status").getProperties().keySet()).contains(
                "region", "launch", "flights", "availableAt");
    }

    @Test
    void windowRuleRejectsAClosingTimeNotAfterTheOpening() {
        List<ValidationRule> rules = property(launches, "spec").getProperties().get("window").getXKubernetesValidations();
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.getMessage()).isEqualTo("window.closesAt must be after window.opensAt");
            assertThat(CelRules.admits(rule.getRule(),
                    Map.of("opensAt", "2026-12-01T10:00:00Z", "closesAt", "2026-12-01T10:30:00Z"))).isTrue();
            assertThat(CelRules.admits(rule.getRule(),
                    Map.of("opensAt", "2026-12-01T10:00:00Z", "closesAt", "2026-12-01T10:00:00Z"))).isFalse();
            assertThat(CelRules.admits(rule.getRule(),
                    Map.of("opensAt", "2026-12-01T10:00:00Z", "closesAt", "2026-12-01T09:00:00Z"))).isFalse();
            assertThat(CelRules.admits(rule.getRule(),
                    Map.of("opensAt", "2026-12-01T10:00:00+04:00", "closesAt", "2026-12-01T07:00:00Z"))).isTrue();
        });
    }

    @Test
    void routeRuleRejectsALaunchLandingWhereItLiftsOff() {
        List<ValidationRule> rules = property(launches, "spec").getXKubernetesValidations();
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.getMessage()).isEqualTo("origin and destination must be different regions");
            assertThat(CelRules.admits(rule.getRule(), Map.of("origin", "hangzhou", "destination", "dubai"))).isTrue();
            assertThat(CelRules.admits(rule.getRule(), Map.of("origin", "dubai", "destination", "dubai"))).isFalse();
        });
    }

    @Test
    void durationAndTimestampPatternsAcceptWhatJavaParsesAndRefuseTheRest() {
        Pattern duration = Pattern.compile(property(launches, "spec").getProperties().get("cutoff").getPattern());
        assertThat(List.of("PT30M", "PT18H", "P1D", "P1DT2H", "PT1H30M", "PT45S", "PT2M30S"))
                .allMatch(text -> duration.matcher(text).matches());
        assertThat(List.of("P", "PT", "30M", "PT-5M", "P1W", "pt30m", "PT1.5H", ""))
                .noneMatch(text -> duration.matcher(text).matches());
        Pattern timestamp = Pattern.compile(
                property(launches, "spec").getProperties().get("window").getProperties().get("opensAt").getPattern());
        assertThat(List.of("2026-12-01T10:00:00Z", "2026-12-01T10:00:00.250Z", "2026-12-01T10:00:00+04:00"))
                .allMatch(text -> timestamp.matcher(text).matches());
        assertThat(List.of("2026-12-01", "2026-12-01 10:00:00Z", "2026-12-01T10:00:00", "tomorrow"))
                .noneMatch(text -> timestamp.matcher(text).matches());
    }

    private static CustomResourceDefinitionVersion version(CustomResourceDefinition crd) {
        return crd.getSpec().getVersions().get(0);
    }

    private static JSONSchemaProps schema(CustomResourceDefinition crd) {
        return version(crd).getSchema().getOpenAPIV3Schema();
    }

    private static JSONSchemaProps property(CustomResourceDefinition crd, String name) {
        return schema(crd).getProperties().get(name);
    }

    private static void collectUndescribed(String path, JSONSchemaProps schema, List<String> undescribed) {
        if (!path.isEmpty() && (schema.getDescription() == null || schema.getDescription().isBlank())) {
            undescribed.add(path);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, child) -> collectUndescribed(
                    (path.isEmpty() ? "" : path + ".") + name, child, undescribed));
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            JSONSchemaProps items = schema.getItems().getSchema();
            if (items.getProperties() != null) {
                items.getProperties().forEach((name, child) -> collectUndescribed(path + "[]." + name, child, undescribed));
            }
        }
    }
}
