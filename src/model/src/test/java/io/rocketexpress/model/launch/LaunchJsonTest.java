package io.rocketexpress.model.launch;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rocketexpress.model.common.Condition;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehicleSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The classes read and write the JSON kubectl users write, and add nothing of their own. */
class LaunchJsonTest {

    private final KubernetesSerialization json = new KubernetesSerialization();

    @Test
    void readsALaunchAsAPlatformTeamWritesIt() {
        Launch launch = json.unmarshal("""
                apiVersion: rocketexpress.io/v1alpha1
                kind: Launch
                metadata:
                  name: hgh-dxb-0800
                spec:
                  origin: hangzhou
                  destination: dubai
                  window:
                    opensAt: "2026-12-01T08:00:00Z"
                    closesAt: "2026-12-01T08:30:00Z"
                """, Launch.class);

        assertThat(launch.getSpec().getOrigin()).isEqualTo("hangzhou");
        assertThat(launch.getSpec().getWindow().opens()).isEqualTo(OffsetDateTime.parse("2026-12-01T08:00:00Z"));
        assertThat(launch.getSpec().cutoffDuration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(launch.getSpec().scrub()).isFalse();
        assertThat(launch.getSpec().manifestSealed()).isFalse();
    }

    @Test
    void helperAccessorsDoNotLeakIntoTheJson() {
        Launch launch = new Launch();
        launch.getSpec().setOrigin("hangzhou");
        launch.getSpec().setDestination("liege");
        launch.getSpec().setWindow(new LaunchWindow("2026-12-01T08:00:00Z", "2026-12-01T08:30:00Z"));
        launch.getSpec().setManifest(new Manifest());
        launch.setStatus(new LaunchStatus());
        launch.getStatus().getConditions().add(new Condition("Complete", Condition.TRUE, "Recovered", "done"));

        JsonNode tree = json.convertValue(launch, JsonNode.class);

        assertThat(tree.path("spec").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("origin", "destination", "window", "cutoff", "scrub", "manifest");
        assertThat(tree.path("spec").path("window").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("opensAt", "closesAt");
        assertThat(tree.path("spec").path("manifest").fieldNames()).toIterable().containsExactly("sealed");
        assertThat(tree.path("status").path("conditions").get(0).fieldNames()).toIterable()
                .containsExactlyInAnyOrder("type", "status", "reason", "message");
    }

    @Test
    void vehicleDefaultsMatchTheXzy1() {
        Vehicle vehicle = json.unmarshal("""
                apiVersion: rocketexpress.io/v1alpha1
                kind: Vehicle
                metadata:
                  name: xzy-1-001
                spec:
                  homeRegion: hangzhou
                """, Vehicle.class);
        VehicleSpec spec = vehicle.getSpec();

        assertThat(spec.getModel()).isEqualTo("XZY-1");
        assertThat(spec.getPayloadCapacityKg()).isEqualTo(10_000);
        assertThat(spec.getCargoVolumeM3()).isEqualTo(120);
        assertThat(spec.getMaxFlights()).isEqualTo(20);
        assertThat(spec.turnaroundDuration()).isEqualTo(Duration.ofHours(18));
        assertThat(spec.grounded()).isFalse();
        JsonNode tree = json.convertValue(vehicle, JsonNode.class);
        assertThat(tree.path("spec").fieldNames()).toIterable().containsExactlyInAnyOrder(
                "model", "payloadCapacityKg", "cargoVolumeM3", "homeRegion", "maxFlights", "turnaround", "grounded");
    }
}
