package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rocketexpress.localcluster.LocalCluster;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.common.JobReference;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchConditions;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.LaunchWindow;
import io.rocketexpress.model.launch.Manifest;
import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.recovery.RecoveryConditions;
import io.rocketexpress.model.recovery.RecoveryPhase;
import io.rocketexpress.model.vehicle.Arrival;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.operator.InProcessCluster;
import io.rocketexpress.operator.RegionOperator;
import io.rocketexpress.operator.kube.ReconcileMetrics;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Launches from Hangzhou to Dubai and Lisbon across three clusters, the tests acting as kubelet and Job controller. */
@QuarkusTest
@QuarkusTestResource(value = InProcessCluster.class, restrictToAnnotatedClass = false)
class LaunchJourneyTest {

    static LocalCluster dubai;
    static LocalCluster lisbon;
    static RegionOperator dubaiOperator;
    static RegionOperator lisbonOperator;

    @Inject
    KubernetesClient local;
    @Inject
    JobSettings jobs;
    @Inject
    LaunchSettings settings;
    @Inject
    ReconcileMetrics metrics;
    @Inject
    io.rocketexpress.operator.region.RegionClients regions;

    private int rewinds;
    private final String tag = UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void startDubai() {
        dubai = new LocalCluster();
        lisbon = new LocalCluster();
    }

    /** The destinations' own operators, which run the Recoveries handed over to them. */
    @BeforeEach
    void startDestinationOperators() {
        if (dubaiOperator == null) {
            dubaiOperator = new RegionOperator(dubai, "dubai", "rocket-express", jobs, settings, metrics);
            lisbonOperator = new RegionOperator(lisbon, "lisbon", "fleet", jobs, settings, metrics);
        }
    }

    @AfterAll
    static void stopDubai() {
        if (dubaiOperator != null) {
            dubaiOperator.close();
            lisbonOperator.close();
        }
        dubai.close();
        lisbon.close();
    }

    @Test
    void launchFliesLandsIsRecoveredInTheDestinationAndMovesItsVehicle() {
        dubai.storeKubeconfig(local, "region-dubai", "rocket-express");
        String vehicle = vehicle("veh-j-" + tag);
        Launch launch = create("lnch-j-" + tag, vehicle);

        Job flight = awaitJob(local, "test", "lnch-j-" + tag + "-flight");
        Map<String, String> env = flight.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(env).containsEntry("LAUNCH", "lnch-j-" + tag).containsEntry("VEHICLE", vehicle)
                .containsEntry("ORIGIN", "hangzhou").containsEntry("DESTINATION", "dubai")
                .containsEntry("MANIFEST_ID", "manifest-" + tag);
        assertThat(flight.getSpec().getBackoffLimit()).isZero();
        assertThat(flight.getSpec().getActiveDeadlineSeconds()).isEqualTo(7200);
        assertThat(flight.getMetadata().getLabels()).containsEntry(RocketExpress.LAUNCH_LABEL, "lnch-j-" + tag);
        assertThat(awaitLaunch(launch, l -> true).getStatus().getControllerJob().getName()).isEqualTo(flight.getMetadata().getName());

        local.batch().v1().jobs().inNamespace("test").withName(flight.getMetadata().getName()).edit(job -> {
            job.getMetadata().getAnnotations().put(RocketExpress.LIFTOFF_ANNOTATION, "2026-12-01T08:00:05Z");
            return job;
        });
        Launch inFlight = awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.InFlight);
        assertThat(inFlight.getStatus().getLiftoffAt()).isEqualTo("2026-12-01T08:00:05Z");
        assertThat(vehiclePhase(vehicle)).isEqualTo(VehiclePhase.InFlight);

        succeed(local, "test", flight.getMetadata().getName());
        // Landed: the origin hands the recovery over as a Recovery in Dubai's cluster, Dubai's operator runs it.
        Recovery handedOver = awaitRecovery(dubai, "rocket-express", "lnch-j-" + tag, r -> true);
        assertThat(handedOver.getSpec().getLaunch()).satisfies(l -> {
            assertThat(l.getRegion()).isEqualTo("hangzhou");
            assertThat(l.getNamespace()).isEqualTo("test");
            assertThat(l.getName()).isEqualTo("lnch-j-" + tag);
            assertThat(l.getUid()).isEqualTo(launch.getMetadata().getUid());
        });
        assertThat(handedOver.getSpec().getVehicle().getName()).isEqualTo(vehicle);
        assertThat(handedOver.getSpec().getVehicle().getFlights()).isZero();
        assertThat(handedOver.getSpec().getVehicle().getSpec().getHomeRegion()).isEqualTo("hangzhou");
        assertThat(handedOver.getSpec().getLandedAt()).isNotBlank();
        assertThat(handedOver.getSpec().getManifest().getParcels()).isEqualTo(3);
        assertThat(handedOver.getSpec().getManifest().getMassKg()).isEqualTo(30.0);
        assertThat(handedOver.getMetadata().getLabels()).containsEntry(RocketExpress.ORIGIN_LABEL, "hangzhou");
        Job recovery = awaitJob(dubai.client(), "rocket-express", "lnch-j-" + tag + "-recovery");
        assertThat(recovery.getMetadata().getAnnotations()).containsEntry(MissionJobs.LAUNCH_NAMESPACE_ANNOTATION, "test");
        assertThat(recovery.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Recovery");
            assertThat(owner.getUid()).isEqualTo(handedOver.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
        });
        assertThat(recovery.getSpec().getBackoffLimit()).isZero();
        assertThat(recovery.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        Launch recovering = awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Recovering
                && l.getStatus().getRecoveryJob() != null);
        assertThat(recovering.getStatus().getLandedAt()).isNotBlank();
        assertThat(recovering.getStatus().getRecovery()).isEqualTo(new JobReference("dubai", "rocket-express", "lnch-j-" + tag));
        assertThat(recovering.getStatus().getRecoveryJob())
                .isEqualTo(new JobReference("dubai", "rocket-express", "lnch-j-" + tag + "-recovery"));
        assertThat(vehiclePhase(vehicle)).isEqualTo(VehiclePhase.Recovering);

        succeed(dubai.client(), "rocket-express", recovery.getMetadata().getName());
        Recovery recovered = awaitRecovery(dubai, "rocket-express", "lnch-j-" + tag,
                r -> r.getStatus() != null && r.getStatus().getPhase() == RecoveryPhase.Recovered);
        assertThat(recovered.getStatus().getConditions()).anyMatch(c -> c.getType().equals(RecoveryConditions.RECOVERED)
                && c.getStatus().equals("True"));
        assertThat(recovered.getStatus().getAttempts()).isEqualTo(1);
        assertThat(recovered.getStatus().getRecoveredAt()).isNotBlank();
        Launch completed = awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Completed);
        assertThat(completed.getStatus().getConditions()).anyMatch(c -> c.getType().equals(LaunchConditions.COMPLETE)
                && c.getStatus().equals("True"));
        // The vehicle's resource now lives in the cluster of the region it is at.
        assertThat(local.resources(Vehicle.class).withName(vehicle).get()).isNull();
        Vehicle moved = arrived(dubai, "rocket-express", vehicle);
        assertThat(moved.getStatus().getRegion()).isEqualTo("dubai");
        assertThat(moved.getStatus().getFlights()).isEqualTo(1);
        assertThat(moved.getStatus().getPhase()).isEqualTo(VehiclePhase.Refurbishing);
        assertThat(moved.getStatus().getLaunch()).isEqualTo("lnch-j-" + tag);
        assertThat(Instant.parse(moved.getStatus().getAvailableAt()))
                .isAfter(Instant.now().plus(Duration.ofHours(17)));
        assertThat(moved.getSpec().getHomeRegion()).isEqualTo("hangzhou");
        assertThat(Arrival.of(moved)).hasValueSatisfying(a -> {
            assertThat(a.launch()).isEqualTo("test/lnch-j-" + tag);
            assertThat(a.from()).isEqualTo("hangzhou");
            assertThat(a.flights()).isEqualTo(1);
        });

        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("rocketexpress_launches\\{phase=\"Completed\"} [1-9]")
                .contains("rocketexpress_region_reachable{region=\"dubai\"} 1.0")
                .containsPattern("rocketexpress_reconciles_total\\{kind=\"Launch\"} [1-9]")
                .containsPattern("rocketexpress_reconciles_total\\{kind=\"Vehicle\"} [1-9]");
    }

    @Test
    void unreachableDestinationIsReportedAndTheLaunchCompletesOnceItIsBack() {
        dubai.storeKubeconfig(local, "region-dubai", "rocket-express");
        String vehicle = vehicle("veh-u-" + tag);
        Launch launch = create("lnch-u-" + tag, vehicle);
        Job flight = awaitJob(local, "test", "lnch-u-" + tag + "-flight");
        awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Launching);

        stopDubai(true);
        try {
            succeed(local, "test", flight.getMetadata().getName());
            Launch blocked = awaitLaunch(launch, l -> l.getStatus().getConditions().stream().anyMatch(c ->
                    c.getType().equals(LaunchConditions.REGION_REACHABLE) && c.getStatus().equals("False")));
            assertThat(blocked.getStatus().getPhase()).isEqualTo(LaunchPhase.Landed);
            assertThat(blocked.getStatus().getConditions()).filteredOn(c -> c.getType().equals(LaunchConditions.REGION_REACHABLE))
                    .singleElement().satisfies(c -> {
                        assertThat(c.getReason()).isEqualTo("RegionUnreachable");
                        assertThat(c.getMessage()).contains("region dubai");
                    });
            assertThat(io.restassured.RestAssured.get("/q/metrics").asString())
                    .contains("rocketexpress_region_reachable{region=\"dubai\"} 0.0");
        } finally {
            stopDubai(false);
        }

        Job recovery = awaitJob(dubai.client(), "rocket-express", "lnch-u-" + tag + "-recovery");
        succeed(dubai.client(), "rocket-express", recovery.getMetadata().getName());
        Launch completed = awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Completed);
        assertThat(completed.getStatus().getConditions()).anyMatch(c ->
                c.getType().equals(LaunchConditions.REGION_REACHABLE) && c.getStatus().equals("True"));
        assertThat(dubai.client().batch().v1().jobs().inNamespace("rocket-express")
                .withLabel(RocketExpress.LAUNCH_LABEL, "lnch-u-" + tag).list().getItems()).hasSize(1);
        assertThat(arrived(dubai, "rocket-express", vehicle).getStatus().getFlights()).isEqualTo(1);
    }

    @Test
    void malformedLiftoffAnnotationIsAWarningAndAConditionAndTheJobsOutcomeStillDecides() {
        dubai.storeKubeconfig(local, "region-dubai", "rocket-express");
        String vehicle = vehicle("veh-s-" + tag);
        Launch launch = create("lnch-s-" + tag, vehicle);
        Job flight = awaitJob(local, "test", "lnch-s-" + tag + "-flight");

        local.batch().v1().jobs().inNamespace("test").withName(flight.getMetadata().getName()).edit(job -> {
            job.getMetadata().getAnnotations().put(RocketExpress.LIFTOFF_ANNOTATION, "right about now");
            return job;
        });

        Launch reported = awaitLaunch(launch, l -> l.getStatus().getConditions().stream().anyMatch(c ->
                c.getType().equals(LaunchConditions.ANNOTATIONS_VALID) && c.getStatus().equals("False")
                        && c.getReason().equals("MalformedLiftoff")));
        assertThat(reported.getStatus().getPhase()).isEqualTo(LaunchPhase.Launching);
        await().atMost(Duration.ofSeconds(10)).until(() -> local.v1().events().inNamespace("test").list().getItems()
                .stream().anyMatch(e -> e.getInvolvedObject().getName().equals("lnch-s-" + tag)
                        && "Warning".equals(e.getType()) && "MalformedLiftoff".equals(e.getReason())));

        succeed(local, "test", flight.getMetadata().getName());
        Launch landed = awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Recovering);
        assertThat(landed.getStatus().getLiftoffAt()).isNotBlank().isNotEqualTo("right about now");
    }

    @Test
    void destinationKubeconfigWithAnExecPluginIsRefusedOnTheLaunchItBlocks() {
        local.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("region-lisbon")
                .endMetadata().withStringData(Map.of("kubeconfig", lisbon.peerKubeconfig("fleet")
                        .replace("    token: ", "    exec: {apiVersion: client.authentication.k8s.io/v1, command: id}\n"
                                + "    token: "))).build()).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        regions.forget("lisbon");
        try {
            String vehicle = vehicle("veh-t-" + tag);
            Launch launch = create("lnch-t-" + tag, vehicle, "lisbon");
            succeed(local, "test", awaitJob(local, "test", "lnch-t-" + tag + "-flight").getMetadata().getName());

            Launch blocked = awaitLaunch(launch, l -> l.getStatus().getConditions().stream().anyMatch(c ->
                    c.getType().equals(LaunchConditions.REGION_REACHABLE) && c.getStatus().equals("False")));
            assertThat(blocked.getStatus().getConditions()).filteredOn(c -> c.getType().equals(LaunchConditions.REGION_REACHABLE))
                    .singleElement().satisfies(c -> {
                        assertThat(c.getReason()).isEqualTo("KubeconfigRefused");
                        assertThat(c.getMessage()).contains("exec");
                    });
            assertThat(blocked.getStatus().getPhase()).isEqualTo(LaunchPhase.Landed);
        } finally {
            lisbon.storeKubeconfig(local, "region-lisbon", "fleet");
        }
    }

    @Test
    void recoveryJobStartedBeforeItsRecoveryExistedIsFollowedToItsEnd() {
        // What an origin operator of an earlier release left: a recovery Job in Dubai, owned by nothing.
        Launch launch = new Launch();
        launch.getMetadata().setName("lnch-o-" + tag);
        launch.getMetadata().setNamespace("test");
        launch.getMetadata().setUid(UUID.randomUUID().toString());
        launch.getSpec().setOrigin("hangzhou");
        launch.getSpec().setDestination("dubai");
        Vehicle vehicle = new Vehicle();
        vehicle.getMetadata().setName("veh-o-" + tag);
        vehicle.getSpec().setHomeRegion("hangzhou");
        Job legacy = MissionJobs.recovery(new MissionJobs.Mission(launch.getMetadata().getName(), "test",
                launch.getMetadata().getUid(), "hangzhou", "dubai", "m", vehicle.getMetadata().getName()),
                "rocket-express", 1, jobs.recovery());
        dubai.client().resource(legacy).create();
        succeed(dubai.client(), "rocket-express", legacy.getMetadata().getName());

        dubai.client().resource(RecoveryHandover.recovery(launch, "rocket-express", vehicle.getMetadata().getName(),
                vehicle, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())).create();

        awaitRecovery(dubai, "rocket-express", "lnch-o-" + tag,
                r -> r.getStatus() != null && r.getStatus().getPhase() == RecoveryPhase.Recovered);
        assertThat(arrived(dubai, "rocket-express", "veh-o-" + tag).getStatus().getFlights()).isEqualTo(1);
        assertThat(dubai.client().batch().v1().jobs().inNamespace("rocket-express")
                .withLabel(RocketExpress.LAUNCH_LABEL, "lnch-o-" + tag).list().getItems()).hasSize(1);
    }

    @Test
    void failedFlightFailsTheLaunchAndGroundsTheVehicle() {
        String vehicle = vehicle("veh-k-" + tag);
        Launch launch = create("lnch-k-" + tag, vehicle);
        Job flight = awaitJob(local, "test", "lnch-k-" + tag + "-flight");

        fail(local, "test", flight.getMetadata().getName());

        Launch failed = awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Failed);
        assertThat(failed.getStatus().getConditions()).anyMatch(c -> c.getType().equals(LaunchConditions.FAILED)
                && c.getReason().equals("MissionFailure"));
        await().atMost(Duration.ofSeconds(10)).until(() -> vehiclePhase(vehicle) == VehiclePhase.Grounded);
        assertThat(local.resources(Vehicle.class).withName(vehicle).get().getMetadata().getAnnotations())
                .containsEntry(RocketExpress.MISSION_FAILURE_ANNOTATION, "lnch-k-" + tag);
    }

    @Test
    void failedRecoveryIsRetriedUnderANewName() {
        dubai.storeKubeconfig(local, "region-dubai", "rocket-express");
        String vehicle = vehicle("veh-l-" + tag);
        Launch launch = create("lnch-l-" + tag, vehicle);
        Job flight = awaitJob(local, "test", "lnch-l-" + tag + "-flight");
        succeed(local, "test", flight.getMetadata().getName());
        Job first = awaitJob(dubai.client(), "rocket-express", "lnch-l-" + tag + "-recovery");

        fail(dubai.client(), "rocket-express", first.getMetadata().getName());

        Job second = awaitJob(dubai.client(), "rocket-express", "lnch-l-" + tag + "-recovery-2");
        succeed(dubai.client(), "rocket-express", second.getMetadata().getName());
        awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Completed);
        assertThat(arrived(dubai, "rocket-express", vehicle).getStatus().getFlights()).isEqualTo(1);
    }

    @Test
    void recoveryFailingEveryAttemptFailsTheLaunchAndGroundsTheVehicleAtTheOrigin() {
        dubai.storeKubeconfig(local, "region-dubai", "rocket-express");
        String vehicle = vehicle("veh-x-" + tag);
        Launch launch = create("lnch-x-" + tag, vehicle);
        succeed(local, "test", awaitJob(local, "test", "lnch-x-" + tag + "-flight").getMetadata().getName());

        for (String job : java.util.List.of("-recovery", "-recovery-2", "-recovery-3")) {
            fail(dubai.client(), "rocket-express", awaitJob(dubai.client(), "rocket-express", "lnch-x-" + tag + job)
                    .getMetadata().getName());
        }

        Recovery failed = awaitRecovery(dubai, "rocket-express", "lnch-x-" + tag,
                r -> r.getStatus() != null && r.getStatus().getPhase() == RecoveryPhase.Failed);
        assertThat(failed.getStatus().getAttempts()).isEqualTo(3);
        assertThat(failed.getStatus().getConditions()).anyMatch(c -> c.getType().equals(RecoveryConditions.FAILED)
                && c.getStatus().equals("True"));
        Launch lost = awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Failed);
        assertThat(lost.getStatus().getConditions()).anyMatch(c -> c.getType().equals(LaunchConditions.FAILED)
                && c.getReason().equals("RecoveryFailed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> vehiclePhase(vehicle) == VehiclePhase.Grounded);
        assertThat(dubai.client().resources(Vehicle.class).inNamespace("rocket-express").withName(vehicle).get()).isNull();
        assertThat(dubai.client().batch().v1().jobs().inNamespace("rocket-express")
                .withLabel(RocketExpress.LAUNCH_LABEL, "lnch-x-" + tag).list().getItems()).hasSize(3);
    }

    @Test
    void deletingALaunchDeletesItsFlightJobAndItsRecoveryWhichOwnsTheRecoveryJob() {
        dubai.storeKubeconfig(local, "region-dubai", "rocket-express");
        String vehicle = vehicle("veh-m-" + tag);
        Launch launch = create("lnch-m-" + tag, vehicle);
        Job flight = awaitJob(local, "test", "lnch-m-" + tag + "-flight");
        succeed(local, "test", flight.getMetadata().getName());
        awaitJob(dubai.client(), "rocket-express", "lnch-m-" + tag + "-recovery");
        awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Recovering);

        local.resources(Launch.class).withName(launch.getMetadata().getName()).delete();

        await().atMost(Duration.ofSeconds(20)).until(() ->
                local.resources(Launch.class).withName(launch.getMetadata().getName()).get() == null
                        && local.batch().v1().jobs().inNamespace("test").withName(flight.getMetadata().getName()).get() == null
                        && dubai.client().resources(Recovery.class).inNamespace("rocket-express")
                        .withName("lnch-m-" + tag).get() == null);
        // A real cluster's garbage collector then deletes the Job its Recovery owned.
        assertThat(dubai.client().batch().v1().jobs().inNamespace("rocket-express").withName("lnch-m-" + tag + "-recovery")
                .get().getMetadata().getOwnerReferences()).extracting(o -> o.getKind()).containsExactly("Recovery");
    }

    @Test
    void replayingEveryStepAfterALostStatusWriteDoesNothingTwice() {
        dubai.storeKubeconfig(local, "region-dubai", "rocket-express");
        String vehicle = vehicle("veh-n-" + tag);
        Launch launch = create("lnch-n-" + tag, vehicle);
        Job flight = awaitJob(local, "test", "lnch-n-" + tag + "-flight");
        awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Launching);

        // The Job was created but the status saying so was lost: the operator is back at Scheduled.
        rewind(launch, LaunchPhase.Scheduled);
        awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Launching);
        succeed(local, "test", flight.getMetadata().getName());
        Job recovery = awaitJob(dubai.client(), "rocket-express", "lnch-n-" + tag + "-recovery");
        awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Recovering);

        // Landed again, as if the Recovery's creation had not been recorded.
        rewind(launch, LaunchPhase.Landed);
        awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Recovering);
        // Dubai's operator restarts having lost its own status write: Pending again, no attempt recorded.
        dubaiOperator.stop();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            Recovery current = dubai.client().resources(Recovery.class).inNamespace("rocket-express")
                    .withName("lnch-n-" + tag).get();
            current.getStatus().setPhase(RecoveryPhase.Pending);
            current.getStatus().setAttempts(null);
            current.getStatus().setJob(null);
            dubai.client().resource(current).updateStatus();
        });
        dubaiOperator.start();
        awaitRecovery(dubai, "rocket-express", "lnch-n-" + tag,
                r -> r.getStatus().getPhase() == RecoveryPhase.Recovering && r.getStatus().getJob() != null);
        succeed(dubai.client(), "rocket-express", recovery.getMetadata().getName());
        awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Completed);

        // Recovered written again on the Recovery, as if the first write's answer had been lost: no second vehicle.
        dubaiOperator.stop();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            Recovery current = dubai.client().resources(Recovery.class).inNamespace("rocket-express")
                    .withName("lnch-n-" + tag).get();
            current.getStatus().setPhase(RecoveryPhase.Recovering);
            dubai.client().resource(current).updateStatus();
        });
        dubaiOperator.start();
        awaitRecovery(dubai, "rocket-express", "lnch-n-" + tag, r -> r.getStatus().getPhase() == RecoveryPhase.Recovered);

        // Recovering again after completion, as if the Completed write had been lost.
        rewind(launch, LaunchPhase.Recovering);
        awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Completed);

        assertThat(local.batch().v1().jobs().inNamespace("test").withLabel(RocketExpress.LAUNCH_LABEL, "lnch-n-" + tag)
                .list().getItems()).hasSize(1);
        assertThat(dubai.client().batch().v1().jobs().inNamespace("rocket-express")
                .withLabel(RocketExpress.LAUNCH_LABEL, "lnch-n-" + tag).list().getItems()).hasSize(1);
        assertThat(dubai.client().resources(Recovery.class).inNamespace("rocket-express")
                .withLabel(RocketExpress.LAUNCH_LABEL, "lnch-n-" + tag).list().getItems()).hasSize(1);
        assertThat(dubai.client().resources(Vehicle.class).inNamespace("rocket-express").list().getItems())
                .filteredOn(v -> v.getMetadata().getName().equals(vehicle)).hasSize(1);
        Vehicle flown = arrived(dubai, "rocket-express", vehicle);
        assertThat(flown.getStatus().getFlights()).isEqualTo(1);
        assertThat(flown.getStatus().getRegion()).isEqualTo("dubai");
        assertThat(local.resources(Vehicle.class).withName(vehicle).get()).isNull();
    }

    @Test
    void eachDestinationHasItsOwnCircuitBreakerAndReceivesItsOwnVehicles() {
        dubai.storeKubeconfig(local, "region-dubai", "rocket-express");
        lisbon.storeKubeconfig(local, "region-lisbon", "fleet");
        String toDubai = vehicle("veh-p-" + tag);
        String toLisbon = vehicle("veh-q-" + tag);
        Launch dubaiLaunch = create("lnch-p-" + tag, toDubai);
        Launch lisbonLaunch = create("lnch-q-" + tag, toLisbon, "lisbon");
        Job dubaiFlight = awaitJob(local, "test", "lnch-p-" + tag + "-flight");
        Job lisbonFlight = awaitJob(local, "test", "lnch-q-" + tag + "-flight");

        stopDubai(true);
        try {
            succeed(local, "test", dubaiFlight.getMetadata().getName());
            awaitLaunch(dubaiLaunch, l -> l.getStatus().getConditions().stream().anyMatch(c ->
                    c.getType().equals(LaunchConditions.REGION_REACHABLE) && c.getStatus().equals("False")));

            // Dubai's open breaker does not hold up a launch to Lisbon.
            succeed(local, "test", lisbonFlight.getMetadata().getName());
            Job recovery = awaitJob(lisbon.client(), "fleet", "lnch-q-" + tag + "-recovery");
            succeed(lisbon.client(), "fleet", recovery.getMetadata().getName());
            awaitLaunch(lisbonLaunch, l -> l.getStatus().getPhase() == LaunchPhase.Completed);
            assertThat(arrived(lisbon, "fleet", toLisbon).getStatus().getRegion()).isEqualTo("lisbon");
            assertThat(lisbon.client().resources(Vehicle.class).inNamespace("fleet").withName(toDubai).get()).isNull();
        } finally {
            stopDubai(false);
        }
        Job recovery = awaitJob(dubai.client(), "rocket-express", "lnch-p-" + tag + "-recovery");
        succeed(dubai.client(), "rocket-express", recovery.getMetadata().getName());
        awaitLaunch(dubaiLaunch, l -> l.getStatus().getPhase() == LaunchPhase.Completed);
        assertThat(arrived(dubai, "rocket-express", toDubai).getStatus().getRegion()).isEqualTo("dubai");
        assertThat(dubai.client().resources(Vehicle.class).inNamespace("rocket-express").withName(toLisbon).get()).isNull();
    }

    @Test
    void anotherVehicleOfTheSameNameAtTheDestinationHoldsTheLaunchUntilRenamed() {
        dubai.storeKubeconfig(local, "region-dubai", "rocket-express");
        String vehicle = vehicle("veh-r-" + tag);
        Vehicle namesake = new Vehicle();
        namesake.getMetadata().setName(vehicle);
        namesake.getSpec().setHomeRegion("dubai");
        dubai.client().resource(namesake).inNamespace("rocket-express").create();
        Launch launch = create("lnch-r-" + tag, vehicle);
        Job flight = awaitJob(local, "test", "lnch-r-" + tag + "-flight");
        succeed(local, "test", flight.getMetadata().getName());
        Job recovery = awaitJob(dubai.client(), "rocket-express", "lnch-r-" + tag + "-recovery");
        succeed(dubai.client(), "rocket-express", recovery.getMetadata().getName());

        Launch held = awaitLaunch(launch, l -> l.getStatus().getConditions().stream().anyMatch(c ->
                c.getType().equals(LaunchConditions.RECOVERED) && c.getReason().equals("VehicleNameTaken")));
        assertThat(held.getStatus().getPhase()).isEqualTo(LaunchPhase.Recovering);
        assertThat(held.getStatus().getMessage()).contains("dubai already has another vehicle named " + vehicle);
        assertThat(vehiclePhase(vehicle)).isEqualTo(VehiclePhase.Recovering);
        assertThat(dubai.client().resources(Vehicle.class).inNamespace("rocket-express").withName(vehicle).get()
                .getSpec().getHomeRegion()).isEqualTo("dubai");

        dubai.client().resources(Vehicle.class).inNamespace("rocket-express").withName(vehicle).delete();
        awaitLaunch(launch, l -> l.getStatus().getPhase() == LaunchPhase.Completed);
        assertThat(arrived(dubai, "rocket-express", vehicle).getSpec().getHomeRegion()).isEqualTo("hangzhou");
    }

    /** Takes Dubai's API server, and so its operator, down; or brings both back. */
    private static void stopDubai(boolean down) {
        if (down) {
            dubaiOperator.stop();
            dubai.stop();
        } else {
            dubai.restart();
            dubaiOperator.start();
        }
    }

    private static Recovery awaitRecovery(LocalCluster region, String namespace, String name, Predicate<Recovery> condition) {
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> region.client().resources(Recovery.class).inNamespace(namespace).withName(name).get(),
                r -> r != null && condition.test(r));
    }

    /** The vehicle as handed over to the region's cluster. */
    private static Vehicle arrived(LocalCluster region, String namespace, String name) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> region.client().resources(Vehicle.class).inNamespace(namespace).withName(name).get(),
                v -> v != null && v.getStatus() != null && v.getStatus().getPhase() != null);
    }

    /** Puts the launch's phase back, as if the operator's last status write had never happened. */
    private void rewind(Launch launch, LaunchPhase phase) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            Launch current = local.resources(Launch.class).withName(launch.getMetadata().getName()).get();
            current.getStatus().setPhase(phase);
            local.resource(current).updateStatus();
        });
        // Touch the spec so the operator reconciles at once, as it would after a restart.
        local.resources(Launch.class).withName(launch.getMetadata().getName()).edit(l -> {
            l.getSpec().setCutoff("PT" + (31 + rewinds++) + "M");
            return l;
        });
    }

    private String vehicle(String name) {
        Vehicle vehicle = new Vehicle();
        vehicle.getMetadata().setName(name);
        vehicle.getSpec().setHomeRegion("hangzhou");
        local.resource(vehicle).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> vehiclePhase(name) == VehiclePhase.Available);
        return name;
    }

    private Launch create(String name, String vehicle) {
        return create(name, vehicle, "dubai");
    }

    private Launch create(String name, String vehicle, String destination) {
        Instant opens = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        Launch launch = new Launch();
        launch.getMetadata().setName(name);
        launch.getSpec().setVehicle(vehicle);
        launch.getSpec().setOrigin("hangzhou");
        launch.getSpec().setDestination(destination);
        launch.getSpec().setWindow(new LaunchWindow(opens.toString(), opens.plusSeconds(600).toString()));
        Manifest manifest = new Manifest();
        manifest.setSealed(true);
        manifest.setId("manifest-" + name.substring(name.lastIndexOf('-') + 1));
        manifest.setParcels(3);
        manifest.setMassKg(30.0);
        manifest.setVolumeM3(0.3);
        launch.getSpec().setManifest(manifest);
        return local.resource(launch).create();
    }

    private VehiclePhase vehiclePhase(String name) {
        Vehicle vehicle = local.resources(Vehicle.class).withName(name).get();
        return vehicle == null || vehicle.getStatus() == null ? null : vehicle.getStatus().getPhase();
    }

    private Launch awaitLaunch(Launch launch, Predicate<Launch> condition) {
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> local.resources(Launch.class).withName(launch.getMetadata().getName()).get(),
                l -> l.getStatus() != null && condition.test(l));
    }

    private Job awaitJob(KubernetesClient client, String namespace, String name) {
        String launch = name.replaceAll("-(flight|recovery(-\\d+)?)$", "");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                client.batch().v1().jobs().inNamespace(namespace).withName(name).get())
                .as("Job %s; launch %s is %s", name, launch, describe(local.resources(Launch.class).withName(launch).get()))
                .isNotNull());
        return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    }

    private static String describe(Launch launch) {
        return launch == null ? "gone" : launch.getStatus() == null ? "without status"
                : launch.getStatus().getPhase() + " (" + launch.getStatus().getMessage() + ") "
                + launch.getStatus().getConditions() + " window " + launch.getSpec().getWindow().getOpensAt();
    }

    /** What the Job controller writes when the pod exits 0. */
    private static void succeed(KubernetesClient client, String namespace, String name) {
        finish(client, namespace, name, "Complete");
    }

    private static void fail(KubernetesClient client, String namespace, String name) {
        finish(client, namespace, name, "Failed");
    }

    private static void finish(KubernetesClient client, String namespace, String name, String condition) {
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        job.setStatus(new JobStatusBuilder()
                .withStartTime(now)
                .withCompletionTime("Complete".equals(condition) ? now : null)
                .withSucceeded("Complete".equals(condition) ? 1 : 0)
                .withFailed("Failed".equals(condition) ? 1 : 0)
                .withConditions(new JobConditionBuilder().withType(condition).withStatus("True")
                        .withLastTransitionTime(now).build())
                .build());
        client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
    }
}
