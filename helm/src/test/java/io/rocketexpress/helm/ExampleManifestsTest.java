package io.rocketexpress.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** k8s/examples/ pass the CRDs' validation, CEL rules included, and make a sensible network of four regions. */
class ExampleManifestsTest {

    private final Path examples = Chart.root().resolve("k8s").resolve("examples");
    private final CrdSchema launches = schema("launches.rocketexpress.io-v1.yml");
    private final CrdSchema vehicles = schema("vehicles.rocketexpress.io-v1.yml");

    @Test
    void fleetIsSeveralValidXzy1VehiclesStationedInEveryRegion() {
        List<GenericKubernetesResource> fleet = resources(examples.resolve("fleet.yaml"), "Vehicle");

        assertThat(fleet).hasSizeGreaterThanOrEqualTo(Chart.REGIONS.size() * 2);
        Set<String> homes = new TreeSet<>();
        for (GenericKubernetesResource vehicle : fleet) {
            assertThat(vehicles.violations(spec(vehicle))).as(vehicle.getMetadata().getName()).isEmpty();
            assertThat(spec(vehicle)).containsEntry("model", "XZY-1");
            String home = (String) spec(vehicle).get("homeRegion");
            homes.add(home);
            assertThat(vehicle.getMetadata().getLabels()).containsEntry("rocketexpress.io/home-region", home);
        }
        assertThat(homes).containsExactlyInAnyOrderElementsOf(Chart.REGIONS);
    }

    @Test
    void scheduleIsADayOfValidLaunchesBetweenTheFourRegions() {
        List<GenericKubernetesResource> schedule = resources(examples.resolve("schedule.yaml"), "Launch");

        assertThat(schedule).hasSizeGreaterThanOrEqualTo(Chart.REGIONS.size() * 2);
        Set<String> origins = new TreeSet<>();
        Set<String> destinations = new TreeSet<>();
        OffsetDateTime first = null;
        OffsetDateTime last = null;
        for (GenericKubernetesResource launch : schedule) {
            Map<String, Object> spec = spec(launch);
            assertThat(launches.violations(spec)).as(launch.getMetadata().getName()).isEmpty();
            origins.add((String) spec.get("origin"));
            destinations.add((String) spec.get("destination"));
            assertThat(launch.getMetadata().getLabels()).containsEntry("rocketexpress.io/origin", (String) spec.get("origin"));
            @SuppressWarnings("unchecked")
            OffsetDateTime opens = OffsetDateTime.parse((String) ((Map<String, Object>) spec.get("window")).get("opensAt"));
            first = first == null || opens.isBefore(first) ? opens : first;
            last = last == null || opens.isAfter(last) ? opens : last;
        }
        assertThat(origins).containsExactlyInAnyOrderElementsOf(Chart.REGIONS);
        assertThat(destinations).containsExactlyInAnyOrderElementsOf(Chart.REGIONS);
        assertThat(Duration.between(first, last)).isLessThan(Duration.ofDays(1));
    }

    @Test
    void theValidationRefusesWhatTheApiServerWouldRefuse() {
        Map<String, Object> window = Map.of("opensAt", "2026-12-01T06:00:00Z", "closesAt", "2026-12-01T05:00:00Z");
        assertThat(launches.violations(Map.of("origin", "hangzhou", "destination", "dubai", "window", window)))
                .containsExactly("spec.window: window.closesAt must be after window.opensAt");
        Map<String, Object> open = Map.of("opensAt", "2026-12-01T06:00:00Z", "closesAt", "2026-12-01T06:30:00Z");
        assertThat(launches.violations(Map.of("origin", "liege", "destination", "liege", "window", open)))
                .containsExactly("spec: origin and destination must be different regions");
        assertThat(launches.violations(Map.of("origin", "Liege", "destination", "dubai", "window", open, "cutoff", "30m")))
                .hasSize(2).allMatch(violation -> violation.contains("must match"));
        assertThat(launches.violations(Map.of("origin", "liege", "window", open)))
                .contains("spec.destination: Required value");
        assertThat(vehicles.violations(Map.of("homeRegion", "dubai", "maxFlights", 0, "payloadCapacityKg", 0, "color", "red")))
                .hasSize(3).anyMatch(violation -> violation.equals("spec.color: unknown field"));
        assertThat(vehicles.violations(Map.of("homeRegion", "dubai"))).isEmpty();
    }

    private static CrdSchema schema(String file) {
        List<HasMetadata> crd = Chart.objects(Chart.root().resolve("k8s").resolve("crds").resolve(file));
        return new CrdSchema((CustomResourceDefinition) crd.get(0));
    }

    private static List<GenericKubernetesResource> resources(Path file, String kind) {
        List<HasMetadata> objects = Chart.objects(file);
        assertThat(objects).isNotEmpty().allSatisfy(object -> {
            assertThat(object.getApiVersion()).isEqualTo("rocketexpress.io/v1alpha1");
            assertThat(object.getKind()).isEqualTo(kind);
            assertThat(object.getMetadata().getName()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        });
        return objects.stream().map(GenericKubernetesResource.class::cast).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
