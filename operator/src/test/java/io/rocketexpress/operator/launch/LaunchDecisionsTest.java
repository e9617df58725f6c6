package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.common.JobReference;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.LaunchStatus;
import io.rocketexpress.model.launch.LaunchWindow;
import io.rocketexpress.model.launch.Manifest;
import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.recovery.RecoveryConditions;
import io.rocketexpress.model.recovery.RecoveryPhase;
import io.rocketexpress.model.recovery.RecoveryStatus;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.model.vehicle.VehicleStatus;
import io.rocketexpress.operator.kube.Conditions;
import io.rocketexpress.operator.launch.LaunchObservations.RecoverySight;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The launch state machine as one table: a phase and what was observed in, the next status and actions out. */
class LaunchDecisionsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private static final Instant OPENS = NOW.plusSeconds(3600);
    private static final LaunchDecisions.Pacing PACING =
            new LaunchDecisions.Pacing(Duration.ofSeconds(15), Duration.ofMinutes(1));
    private static final Duration BACKOFF = Duration.ofSeconds(8);

    /** One row: the launch and its observations, and what must come out. */
    record Row(String name, Launch launch, LaunchObservations seen, LaunchPhase phase, List<String> actions,
               List<String> events, String condition, Duration recheck, Consumer<LaunchDecisions.Decision> more) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> table() {
        return Stream.of(
                row("pending without a vehicle waits for one", launch(LaunchPhase.Pending), seen()
                                .candidate(VehicleReservations.Result.refused("NoVehicleAvailable", "none")),
                        LaunchPhase.Pending, List.of(), List.of("NoVehicleAvailable"),
                        "VehicleReserved=False/NoVehicleAvailable", PACING.vehicleRetry()),
                row("pending with a candidate reserves it and is scheduled", launch(LaunchPhase.Pending),
                        seen().candidate(VehicleReservations.Result.reserved(vehicle("v1", VehiclePhase.Available))),
                        LaunchPhase.Scheduled, List.of("Reserve v1"), List.of("Scheduled"),
                        "VehicleReserved=True/Reserved", Duration.ofHours(1)),
                row("pending reserved once its window opened, sealed, flies at once rather than at the closing",
                        sealed(launch(LaunchPhase.Pending)), seen().now(OPENS.plusSeconds(5))
                                .candidate(VehicleReservations.Result.reserved(vehicle("v1", VehiclePhase.Available))),
                        LaunchPhase.Scheduled, List.of("Reserve v1"), List.of("Scheduled"),
                        "VehicleReserved=True/Reserved", LaunchDecisions.MINIMUM_WAIT),
                row("pending already held by a vehicle adopts it", launch(LaunchPhase.Pending),
                        seen().held(vehicle("v1", VehiclePhase.Reserved)),
                        LaunchPhase.Scheduled, List.of(), List.of("Scheduled"), "VehicleReserved=True/Reserved",
                        Duration.ofHours(1)),
                row("pending called off is scrubbed", scrub(launch(LaunchPhase.Pending)), seen(),
                        LaunchPhase.Scrubbed, List.of(), List.of("Scrubbed"), "Failed=True/ScrubRequested", null),
                row("scheduled called off releases its vehicle", scrub(launch(LaunchPhase.Scheduled)), seen(),
                        LaunchPhase.Scrubbed, List.of("ReleaseVehicle v1"), List.of("Scrubbed"),
                        "Failed=True/ScrubRequested", null),
                row("scheduled whose window closed sealed is scrubbed for want of a vehicle",
                        sealed(launch(LaunchPhase.Scheduled)), seen().now(OPENS.plusSeconds(1800)),
                        LaunchPhase.Scrubbed, List.of("ReleaseVehicle v1"), List.of("Scrubbed"), "Failed=True/NoVehicle", null),
                row("scheduled whose window closed unsealed is scrubbed for want of a manifest",
                        launch(LaunchPhase.Scheduled), seen().now(OPENS.plusSeconds(1800)),
                        LaunchPhase.Scrubbed, List.of("ReleaseVehicle v1"), List.of("Scrubbed"), "Failed=True/NoManifest", null),
                row("scheduled whose vehicle was taken away looks for another", launch(LaunchPhase.Scheduled),
                        seen().held(null), LaunchPhase.Pending, List.of(), List.of("ReservationLost"),
                        "VehicleReserved=False/ReservationLost", Duration.ofSeconds(1)),
                row("scheduled waits for its window", sealed(launch(LaunchPhase.Scheduled)),
                        seen().held(vehicle("v1", VehiclePhase.Reserved)), LaunchPhase.Scheduled, List.of(), List.of(),
                        "ManifestSealed=True/Sealed", Duration.ofHours(1)),
                row("scheduled sealed at its window starts the flight", sealed(launch(LaunchPhase.Scheduled)),
                        seen().now(OPENS).held(vehicle("v1", VehiclePhase.Reserved)), LaunchPhase.Launching,
                        List.of("CreateFlightJob v1"), List.of("Launching"), null, null,
                        d -> assertThat(d.status().getControllerJob())
                                .isEqualTo(new JobReference("hangzhou", "ops", "l1-flight"))),
                row("launching whose Job is missing creates it again", launch(LaunchPhase.Launching), seen(),
                        LaunchPhase.Launching, List.of("CreateFlightJob v1"), List.of("Launching"), null, null),
                row("launching called off deletes its Job and releases its vehicle", scrub(launch(LaunchPhase.Launching)),
                        seen().flightJob(job(null, null)), LaunchPhase.Scrubbed,
                        List.of("DeleteFlightJob", "ReleaseVehicle v1"), List.of("Scrubbed"), "Failed=True/ScrubRequested", null),
                row("launching with liftoff reported is in flight", launch(LaunchPhase.Launching),
                        seen().flightJob(job("2026-12-01T09:00:05Z", null)), LaunchPhase.InFlight,
                        List.of("AdvanceVehicle v1 Reserved InFlight"), List.of("Liftoff"), "Launched=True/Liftoff", null,
                        d -> assertThat(d.status().getLiftoffAt()).isEqualTo("2026-12-01T09:00:05Z")),
                row("launching with a malformed liftoff is told so and keeps waiting", launch(LaunchPhase.Launching),
                        seen().flightJob(job("soon", null)), LaunchPhase.Launching, List.of(), List.of("MalformedLiftoff"),
                        "AnnotationsValid=False/MalformedLiftoff", null),
                row("in flight whose Job completed has landed", launch(LaunchPhase.InFlight),
                        seen().flightJob(job("2026-12-01T09:00:05Z", "Complete")), LaunchPhase.Landed,
                        List.of("AdvanceVehicle v1 InFlight Recovering"), List.of("Landed"), "Landed=True/SafeLanding",
                        LaunchDecisions.MINIMUM_WAIT),
                row("in flight whose Job failed fails and grounds its vehicle", launch(LaunchPhase.InFlight),
                        seen().flightJob(job("2026-12-01T09:00:05Z", "Failed")), LaunchPhase.Failed,
                        List.of("GroundVehicle v1"), List.of("MissionFailure"), "Failed=True/MissionFailure", null),
                row("in flight whose Job disappeared fails", launch(LaunchPhase.InFlight), seen(), LaunchPhase.Failed,
                        List.of("GroundVehicle v1"), List.of("FlightJobLost"), "Failed=True/FlightJobLost", null),
                row("landed hands a Recovery over to its destination", landed(LaunchPhase.Landed),
                        seen().vehicle(vehicle("v1", VehiclePhase.Recovering)).recovery(new RecoverySight.Absent()),
                        LaunchPhase.Recovering, List.of("HandOverRecovery dubai l1"), List.of("Recovering"),
                        "RegionReachable=True/Reachable", PACING.recoveryPoll(),
                        d -> {
                            LaunchAction.HandOverRecovery handOver = (LaunchAction.HandOverRecovery) d.actions().get(0);
                            assertThat(handOver.recovery().getSpec().getVehicle().getFlights()).isEqualTo(4);
                            assertThat(handOver.recovery().getSpec().getLaunch().getUid()).isEqualTo("uid-1");
                            assertThat(handOver.recovery().getMetadata().getNamespace()).isEqualTo("rocket-express");
                            assertThat(d.status().getRecovery())
                                    .isEqualTo(new JobReference("dubai", "rocket-express", "l1"));
                        }),
                row("landed whose Recovery exists already takes it as handed over", landed(LaunchPhase.Landed),
                        seen().recovery(new RecoverySight.Present(recovery("uid-1", null))),
                        LaunchPhase.Recovering, List.of(), List.of("Recovering"), null, PACING.recoveryPoll()),
                row("landed whose destination does not answer waits with a reason", landed(LaunchPhase.Landed),
                        seen().recovery(new RecoverySight.Unreachable("dubai", "RegionUnreachable", "region dubai is down", BACKOFF)),
                        LaunchPhase.Landed, List.of(), List.of("RegionUnreachable"),
                        "RegionReachable=False/RegionUnreachable", BACKOFF),
                row("landed whose destination's kubeconfig is refused says so", landed(LaunchPhase.Landed),
                        seen().recovery(new RecoverySight.Unreachable("dubai", "KubeconfigRefused", "exec plugin", BACKOFF)),
                        LaunchPhase.Landed, List.of(), List.of("KubeconfigRefused"),
                        "RegionReachable=False/KubeconfigRefused", BACKOFF),
                row("landed whose Recovery name is another launch's waits", landed(LaunchPhase.Landed),
                        seen().recovery(new RecoverySight.Present(recovery("uid-other", null))),
                        LaunchPhase.Landed, List.of(), List.of("RecoveryNameTaken"),
                        "Recovered=False/RecoveryNameTaken", PACING.vehicleRetry()),
                row("recovering whose Recovery vanished hands it over again", recovering(),
                        seen().recovery(new RecoverySight.Absent()), LaunchPhase.Recovering,
                        List.of("HandOverRecovery dubai l1"), List.of("Recovering"), null, PACING.recoveryPoll()),
                row("recovering follows its Recovery's Job", recovering(),
                        seen().recovery(new RecoverySight.Present(recovery("uid-1", RecoveryPhase.Recovering))),
                        LaunchPhase.Recovering, List.of(), List.of(), "RegionReachable=True/Reachable", PACING.recoveryPoll(),
                        d -> assertThat(d.status().getRecoveryJob())
                                .isEqualTo(new JobReference("dubai", "rocket-express", "l1-recovery"))),
                row("recovering told the vehicle's name is taken there says so", recovering(),
                        seen().recovery(new RecoverySight.Present(nameTaken(recovery("uid-1", RecoveryPhase.Recovering)))),
                        LaunchPhase.Recovering, List.of(), List.of("VehicleNameTaken"),
                        "Recovered=False/VehicleNameTaken", PACING.recoveryPoll()),
                row("recovered completes and deletes its own copy of the vehicle", recovering(),
                        seen().recovery(new RecoverySight.Present(recovery("uid-1", RecoveryPhase.Recovered))),
                        LaunchPhase.Completed, List.of("DepartVehicle v1"), List.of("Completed"), "Complete=True/Completed",
                        null, d -> assertThat(d.status().getRecoveredAt()).isEqualTo("2026-12-01T10:00:00Z")),
                row("failed recovery fails the launch and grounds its vehicle", recovering(),
                        seen().recovery(new RecoverySight.Present(recovery("uid-1", RecoveryPhase.Failed))),
                        LaunchPhase.Failed, List.of("GroundVehicle v1"), List.of("RecoveryFailed"),
                        "Failed=True/RecoveryFailed", null),
                row("a terminal launch is left alone", launch(LaunchPhase.Completed), seen(), LaunchPhase.Completed,
                        List.of(), List.of(), null, null),
                row("unknown regions are a condition, never a retry loop", launch(LaunchPhase.Pending),
                        seen().problem("UnknownRegion", "region 'atlantis' is not known"), LaunchPhase.Pending, List.of(),
                        List.of("UnknownRegion"), "RegionsValid=False/UnknownRegion", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(Row row) {
        LaunchDecisions.Decision decision = LaunchDecisions.decide(row.launch(), row.seen(), PACING);

        assertThat(decision.status().getPhase()).as("phase").isEqualTo(row.phase());
        assertThat(decision.actions()).as("actions").extracting(LaunchDecisionsTest::describe)
                .containsExactlyElementsOf(row.actions());
        assertThat(decision.book().reasons()).as("events").containsExactlyElementsOf(row.events());
        if (row.condition() != null) {
            String[] expected = row.condition().split("[=/]");
            assertThat(Conditions.find(decision.status().getConditions(), expected[0])).as(row.condition())
                    .hasValueSatisfying(c -> assertThat(c.getStatus() + "/" + c.getReason())
                            .isEqualTo(expected[1] + "/" + expected[2]));
        }
        assertThat(decision.recheck()).as("recheck").isEqualTo(Optional.ofNullable(row.recheck()));
        assertThat(decision.status().getObservedGeneration()).isEqualTo(row.launch().getMetadata().getGeneration());
        if (row.more() != null) {
            row.more().accept(decision);
        }
        // Pure: the observed launch is untouched.
        assertThat(row.launch().getStatus() == null || row.launch().getStatus() != decision.status()).isTrue();
    }

    private static String describe(LaunchAction action) {
        if (action instanceof LaunchAction.Reserve a) {
            return "Reserve " + a.vehicle();
        } else if (action instanceof LaunchAction.AdvanceVehicle a) {
            return "AdvanceVehicle " + a.vehicle() + " " + a.from() + " " + a.to();
        } else if (action instanceof LaunchAction.ReleaseVehicle a) {
            return "ReleaseVehicle " + a.vehicle();
        } else if (action instanceof LaunchAction.GroundVehicle a) {
            return "GroundVehicle " + a.vehicle();
        } else if (action instanceof LaunchAction.CreateFlightJob a) {
            return "CreateFlightJob " + a.vehicle();
        } else if (action instanceof LaunchAction.DeleteFlightJob) {
            return "DeleteFlightJob";
        } else if (action instanceof LaunchAction.HandOverRecovery a) {
            return "HandOverRecovery " + a.region() + " " + a.recovery().getMetadata().getName();
        } else if (action instanceof LaunchAction.DepartVehicle a) {
            return "DepartVehicle " + a.vehicle();
        }
        return action.toString();
    }

    private static Row row(String name, Launch launch, Seen seen, LaunchPhase phase, List<String> actions,
                           List<String> events, String condition, Duration recheck) {
        return row(name, launch, seen, phase, actions, events, condition, recheck, null);
    }

    private static Row row(String name, Launch launch, Seen seen, LaunchPhase phase, List<String> actions,
                           List<String> events, String condition, Duration recheck, Consumer<LaunchDecisions.Decision> more) {
        return new Row(name, launch, seen.build(), phase, actions, events, condition, recheck, more);
    }

    /** Observations, defaulting to a reachable world with the reserved vehicle still held. */
    private static Seen seen() {
        return new Seen();
    }

    private static final class Seen {
        Instant now = NOW;
        LaunchObservations.RegionProblem problem;
        Vehicle held = LaunchDecisionsTest.vehicle("v1", VehiclePhase.Reserved);
        VehicleReservations.Result candidate;
        Vehicle vehicle;
        Job flightJob;
        RecoverySight recovery = new RecoverySight.NotLooked();

        Seen now(Instant at) {
            now = at;
            return this;
        }

        Seen problem(String reason, String message) {
            problem = new LaunchObservations.RegionProblem(reason, message);
            return this;
        }

        Seen held(Vehicle vehicle) {
            held = vehicle;
            return this;
        }

        Seen candidate(VehicleReservations.Result result) {
            held = null;
            candidate = result;
            return this;
        }

        Seen vehicle(Vehicle vehicle) {
            this.vehicle = vehicle;
            return this;
        }

        Seen flightJob(Job job) {
            flightJob = job;
            return this;
        }

        Seen recovery(RecoverySight sight) {
            recovery = sight;
            return this;
        }

        LaunchObservations build() {
            return new LaunchObservations(now, "hangzhou", Optional.ofNullable(problem), "rocket-express",
                    Optional.ofNullable(held), candidate, Optional.ofNullable(vehicle), Optional.ofNullable(flightJob),
                    recovery);
        }
    }

    private static Launch launch(LaunchPhase phase) {
        Launch launch = new Launch();
        launch.getMetadata().setName("l1");
        launch.getMetadata().setNamespace("ops");
        launch.getMetadata().setUid("uid-1");
        launch.getMetadata().setGeneration(3L);
        launch.getSpec().setOrigin("hangzhou");
        launch.getSpec().setDestination("dubai");
        launch.getSpec().setWindow(new LaunchWindow(OPENS.toString(), OPENS.plusSeconds(1800).toString()));
        LaunchStatus status = new LaunchStatus();
        status.setPhase(phase);
        if (phase != LaunchPhase.Pending) {
            status.setVehicle("v1");
        }
        launch.setStatus(status);
        return launch;
    }

    private static Launch sealed(Launch launch) {
        Manifest manifest = new Manifest();
        manifest.setSealed(true);
        manifest.setId("m1");
        launch.getSpec().setManifest(manifest);
        return launch;
    }

    private static Launch scrub(Launch launch) {
        launch.getSpec().setScrub(true);
        return launch;
    }

    private static Launch landed(LaunchPhase phase) {
        Launch launch = sealed(launch(phase));
        launch.getStatus().setLandedAt("2026-12-01T09:25:00Z");
        return launch;
    }

    private static Launch recovering() {
        Launch launch = landed(LaunchPhase.Recovering);
        launch.getStatus().setRecovery(new JobReference("dubai", "rocket-express", "l1"));
        return launch;
    }

    private static Vehicle vehicle(String name, VehiclePhase phase) {
        Vehicle vehicle = new Vehicle();
        vehicle.getMetadata().setName(name);
        vehicle.getSpec().setHomeRegion("hangzhou");
        VehicleStatus status = new VehicleStatus();
        status.setPhase(phase);
        status.setRegion("hangzhou");
        status.setFlights(4);
        status.setLaunch("l1");
        vehicle.setStatus(status);
        return vehicle;
    }

    private static Job job(String liftoff, String outcome) {
        JobBuilder job = new JobBuilder().withNewMetadata().withName("l1-flight").withNamespace("ops")
                .withAnnotations(liftoff == null ? Map.of() : Map.of(RocketExpress.LIFTOFF_ANNOTATION, liftoff))
                .endMetadata();
        if (outcome != null) {
            job.withNewStatus().withStartTime("2026-12-01T09:00:00Z")
                    .withCompletionTime("Complete".equals(outcome) ? "2026-12-01T09:25:00Z" : null)
                    .withConditions(new JobConditionBuilder().withType(outcome).withStatus("True").build())
                    .endStatus();
        }
        return job.build();
    }

    private static Recovery recovery(String launchUid, RecoveryPhase phase) {
        Launch launch = landed(LaunchPhase.Landed);
        launch.getMetadata().setUid(launchUid);
        Recovery recovery = RecoveryHandover.recovery(launch, "rocket-express", "v1", vehicle("v1", VehiclePhase.Recovering),
                "2026-12-01T09:25:00Z");
        if (phase != null) {
            RecoveryStatus status = new RecoveryStatus();
            status.setPhase(phase);
            status.setJob(new JobReference("dubai", "rocket-express", "l1-recovery"));
            status.setMessage("barge " + phase);
            if (phase == RecoveryPhase.Recovered) {
                status.setRecoveredAt("2026-12-01T10:00:00Z");
            }
            recovery.setStatus(status);
        }
        return recovery;
    }

    private static Recovery nameTaken(Recovery recovery) {
        Conditions.set(recovery.getStatus().getConditions(), RecoveryConditions.RECOVERED, false,
                RecoveryConditions.VEHICLE_NAME_TAKEN, "dubai already has another vehicle named v1", 1L, NOW);
        return recovery;
    }
}
