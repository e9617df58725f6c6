package io.rocketexpress.simulator;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rocketexpress.model.RocketExpress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MissionTest {

    private static final String NAMESPACE = "hangzhou";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private FlakyApiServer server;
    private KubernetesClient client;
    private final RecordingConsole console = new RecordingConsole();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void startCluster() {
        server = new FlakyApiServer();
        client = server.client();
    }

    @AfterEach
    void stopCluster() {
        client.close();
        server.close();
    }

    @Test
    void flightAnnotatesItsJobAtLiftoffAndExitsZeroAfterLanding() {
        createJob("hgh-dxb-1-flight", Map.of("rocketexpress.io/launch-uid", "u-1"));

        ExitCode outcome = mission().run(flight("hgh-dxb-1-flight"));

        assertThat(outcome).isEqualTo(ExitCode.SUCCESS);
        assertThat(annotations("hgh-dxb-1-flight"))
                .containsEntry(RocketExpress.LIFTOFF_ANNOTATION, "2026-03-01T10:00:00Z")
                .containsEntry("rocketexpress.io/launch-uid", "u-1");
        assertThat(console.log()).contains("liftoff at 2026-03-01T10:00:00Z", "landed safely on the dubai sea landing zone");
        assertThat(console.errors).isEmpty();
    }

    @Test
    void rerunKeepsTheFirstLiftoffTime() {
        createJob("hgh-dxb-1-flight", Map.of(RocketExpress.LIFTOFF_ANNOTATION, "2026-03-01T09:58:00Z"));

        ExitCode outcome = mission().run(flight("hgh-dxb-1-flight"));

        assertThat(outcome).isEqualTo(ExitCode.SUCCESS);
        assertThat(annotations("hgh-dxb-1-flight")).containsEntry(RocketExpress.LIFTOFF_ANNOTATION, "2026-03-01T09:58:00Z");
        assertThat(server.requests()).noneMatch(request -> request.startsWith("PATCH"));
    }

    @Test
    void liftoffFailureExitsNonZeroWithoutAnnotating() {
        createJob("hgh-dxb-1-flight", Map.of());
        Map<String, String> environment = flight("hgh-dxb-1-flight");
        environment.put("SIMULATOR_FAILURE", "liftoff");

        ExitCode outcome = mission().run(environment);

        assertThat(outcome).isEqualTo(ExitCode.MISSION_FAILED);
        assertThat(outcome.code()).isNotZero();
        assertThat(annotations("hgh-dxb-1-flight")).doesNotContainKey(RocketExpress.LIFTOFF_ANNOTATION);
        assertThat(console.log()).contains("did not lift off").doesNotContain("liftoff at");
    }

    @Test
    void flightFailureLiftsOffThenLosesTheVehicle() {
        createJob("hgh-dxb-1-flight", Map.of());
        Map<String, String> environment = flight("hgh-dxb-1-flight");
        environment.put("SIMULATOR_FAILURE", "flight");

        ExitCode outcome = mission().run(environment);

        assertThat(outcome).isEqualTo(ExitCode.MISSION_FAILED);
        assertThat(annotations("hgh-dxb-1-flight")).containsKey(RocketExpress.LIFTOFF_ANNOTATION);
        assertThat(console.log()).contains("vehicle xzy-1-007 lost").doesNotContain("landed safely");
    }

    @Test
    void flightIgnoresAFailureMeantForTheRecovery() {
        createJob("hgh-dxb-1-flight", Map.of());
        Map<String, String> environment = flight("hgh-dxb-1-flight");
        environment.put("SIMULATOR_FAILURE", "recovery");

        assertThat(mission().run(environment)).isEqualTo(ExitCode.SUCCESS);
    }

    @Test
    void recoveryExitsZeroOnceTheCargoIsUnloadedWithoutTouchingTheApi() {
        ExitCode outcome = mission().run(recovery("hgh-dxb-1-recovery"));

        assertThat(outcome).isEqualTo(ExitCode.SUCCESS);
        assertThat(console.log()).contains("cargo of manifest m-42 unloaded at the dubai hub");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void recoveryFailureExitsNonZero() {
        Map<String, String> environment = recovery("hgh-dxb-1-recovery");
        environment.put("SIMULATOR_FAILURE", "recovery");

        assertThat(mission().run(environment)).isEqualTo(ExitCode.MISSION_FAILED);
        assertThat(console.log()).contains("recovery failed").doesNotContain("unloaded");
    }

    @Test
    void timeScaleCompressesTheFlight() {
        createJob("hgh-dxb-1-flight", Map.of());
        Map<String, String> environment = flight("hgh-dxb-1-flight");
        environment.remove("SIMULATOR_FLIGHT_DURATION"); // the default: 25 minutes
        environment.put("SIMULATOR_COUNTDOWN", "PT0S");
        environment.put("SIMULATOR_TIME_SCALE", "300");

        mission().run(environment);

        assertThat(sleeper.total()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void missingVariableIsRefusedWithOneLineNamingIt() {
        Map<String, String> environment = flight("hgh-dxb-1-flight");
        environment.remove("VEHICLE");

        ExitCode outcome = mission().run(environment);

        assertThat(outcome).isEqualTo(ExitCode.BAD_ENVIRONMENT);
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(console.errors).singleElement().asString()
                .isEqualTo("rocket-express-simulator: VEHICLE is not set: the Job must provide it");
        assertThat(console.progress).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void malformedVariablesAreRefused() {
        assertThat(refusal("ROLE", "pilot")).contains("ROLE must be flight or recovery");
        assertThat(refusal("SIMULATOR_FLIGHT_DURATION", "25 minutes")).contains("SIMULATOR_FLIGHT_DURATION must be an ISO-8601 duration");
        assertThat(refusal("SIMULATOR_TIME_SCALE", "0")).contains("SIMULATOR_TIME_SCALE must be a positive number");
        assertThat(refusal("SIMULATOR_FAILURE", "engine")).contains("SIMULATOR_FAILURE must be one of");
    }

    @Test
    void transientApiErrorsAreRetriedWithBackoff() {
        createJob("hgh-dxb-1-flight", Map.of());
        server.failNext("GET", 1, 503);
        server.failNext("PATCH", 2, 500);

        ExitCode outcome = mission().run(flight("hgh-dxb-1-flight"));

        assertThat(outcome).isEqualTo(ExitCode.SUCCESS);
        assertThat(annotations("hgh-dxb-1-flight")).containsKey(RocketExpress.LIFTOFF_ANNOTATION);
        assertThat(sleeper.waits).containsSubsequence(
                Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(console.log()).contains("Kubernetes API unavailable (HTTP 500");
    }

    @Test
    void anApiServerStoppedBrieflyIsWaitedFor() {
        createJob("hgh-dxb-1-flight", Map.of());
        AtomicReference<Boolean> restarted = new AtomicReference<>(false);
        RecordingSleeper restartOnFirstBackoff = new RecordingSleeper(() -> {
            if (console.log().contains("Kubernetes API unavailable") && !restarted.getAndSet(true)) {
                server.restart();
            }
        });
        server.stop();

        ExitCode outcome = new Mission(client, restartOnFirstBackoff, CLOCK, console, quickRetry(5)).run(flight("hgh-dxb-1-flight"));

        assertThat(outcome).isEqualTo(ExitCode.SUCCESS);
        assertThat(restarted.get()).isTrue();
        assertThat(annotations("hgh-dxb-1-flight")).containsKey(RocketExpress.LIFTOFF_ANNOTATION);
        assertThat(console.log()).contains("Kubernetes API unavailable (no answer");
    }

    @Test
    void anApiThatStaysDownEndsTheMissionWithItsOwnCode() {
        createJob("hgh-dxb-1-flight", Map.of());
        server.failNext("GET", 100, 503);

        ExitCode outcome = new Mission(client, sleeper, CLOCK, console, quickRetry(3)).run(flight("hgh-dxb-1-flight"));

        assertThat(outcome).isEqualTo(ExitCode.API_UNAVAILABLE);
        assertThat(server.requests()).filteredOn(request -> request.startsWith("GET")).hasSize(3);
        assertThat(console.errors).singleElement().asString().contains("after 3 attempts");
    }

    @Test
    void aRefusalIsNotRetried() {
        createJob("hgh-dxb-1-flight", Map.of());
        server.failNext("PATCH", 1, 403);

        ExitCode outcome = mission().run(flight("hgh-dxb-1-flight"));

        assertThat(outcome).isEqualTo(ExitCode.API_UNAVAILABLE);
        assertThat(server.requests()).filteredOn(request -> request.startsWith("PATCH")).hasSize(1);
        assertThat(annotations("hgh-dxb-1-flight")).doesNotContainKey(RocketExpress.LIFTOFF_ANNOTATION);
    }

    @Test
    void aMissingJobIsNotWaitedFor() {
        ExitCode outcome = mission().run(flight("hgh-dxb-1-flight"));

        assertThat(outcome).isEqualTo(ExitCode.API_UNAVAILABLE);
        assertThat(console.errors).singleElement().asString().contains("does not exist");
    }

    @Test
    void interruptingTheMissionCancelsItsWait() {
        createJob("hgh-dxb-1-flight", Map.of());
        Map<String, String> environment = flight("hgh-dxb-1-flight");
        environment.put("SIMULATOR_COUNTDOWN", "PT1H");
        environment.put("SIMULATOR_TIME_SCALE", "1");
        AtomicReference<ExitCode> outcome = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread mission = new Thread(() -> {
            outcome.set(new Mission(client, Sleeper.thread(), CLOCK, console).run(environment));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        mission.start();
        await().until(() -> console.log().contains("and counting"));

        mission.interrupt();

        await().atMost(Duration.ofSeconds(5)).until(() -> outcome.get() != null);
        assertThat(outcome.get()).isEqualTo(ExitCode.CANCELLED);
        assertThat(outcome.get().code()).isEqualTo(143);
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(annotations("hgh-dxb-1-flight")).doesNotContainKey(RocketExpress.LIFTOFF_ANNOTATION);
        assertThat(console.log()).contains("cancelled");
    }

    private String refusal(String variable, String value) {
        RecordingConsole refused = new RecordingConsole();
        Map<String, String> environment = flight("hgh-dxb-1-flight");
        environment.put(variable, value);
        assertThat(new Mission(client, sleeper, CLOCK, refused).run(environment)).isEqualTo(ExitCode.BAD_ENVIRONMENT);
        assertThat(refused.errors).hasSize(1);
        return refused.errors.get(0);
    }

    private Mission mission() {
        return new Mission(client, sleeper, CLOCK, console);
    }

    private static ApiRetry quickRetry(int attempts) {
        return new ApiRetry(attempts, Duration.ofMillis(1), Duration.ofMillis(1));
    }

    private static Map<String, String> flight(String jobName) {
        return environment("flight", jobName);
    }

    private static Map<String, String> recovery(String jobName) {
        return environment("recovery", jobName);
    }

    private static Map<String, String> environment(String role, String jobName) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "ROLE", role,
                "LAUNCH", "hgh-dxb-1",
                "VEHICLE", "xzy-1-007",
                "ORIGIN", "hangzhou",
                "DESTINATION", "dubai",
                "MANIFEST_ID", "m-42",
                "JOB_NAME", jobName,
                "JOB_NAMESPACE", NAMESPACE));
        environment.put("SIMULATOR_COUNTDOWN", "PT10S");
        environment.put("SIMULATOR_FLIGHT_DURATION", "PT25M");
        environment.put("SIMULATOR_RECOVERY_DURATION", "PT20M");
        return environment;
    }

    private void createJob(String name, Map<String, String> annotations) {
        Job job = new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).withAnnotations(annotations).endMetadata()
                .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec()
                .addNewContainer().withName("flight").withImage("rocket-express-simulator").endContainer()
                .withRestartPolicy("Never").endSpec().endTemplate().endSpec()
                .build();
        client.resource(job).create();
    }

    private Map<String, String> annotations(String name) {
        Map<String, String> annotations = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get()
                .getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }
}
