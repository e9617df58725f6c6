package io.rocketexpress.sandbox;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.rocketexpress.model.RocketExpress;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KubeletTest {

    private static final String NAMESPACE = "liege";
    /** A 25-minute flight in a quarter of a second. */
    private static final double FAST = 6_000;

    private KubernetesMockServer server;
    private KubernetesClient client;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<Kubelet> kubelets = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void allowForASharedMachine() {
        // The first mission of a run also pays for starting the HTTP client and the JIT; seconds on a busy machine.
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void restoreAwaitility() {
        Awaitility.reset();
    }

    @BeforeEach
    void startCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stopCluster() {
        kubelets.forEach(Kubelet::close);
        client.close();
        server.destroy();
    }

    @Test
    void flightJobRunsToCompleteWithItsLiftoffAnnotation() {
        start(settings());

        create(job("lgg-kul-1", "flight"));

        Job done = awaitCondition("lgg-kul-1-flight", "Complete");
        assertThat(done.getMetadata().getAnnotations()).containsKey(RocketExpress.LIFTOFF_ANNOTATION);
        assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
        assertThat(done.getStatus().getActive()).isZero();
        assertThat(done.getStatus().getStartTime()).isNotNull();
        assertThat(done.getStatus().getCompletionTime()).isNotNull();
        assertThat(trueConditions(done)).containsExactly("SuccessCriteriaMet", "Complete");
        assertThat(log).anyMatch(line -> line.startsWith("[test liege/lgg-kul-1-flight]") && line.contains("landed safely"));
    }

    @Test
    void recoveryJobRunsToComplete() {
        start(settings());

        create(job("lgg-kul-1", "recovery"));

        Job done = awaitCondition("lgg-kul-1-recovery", "Complete");
        assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
        assertThat(done.getMetadata().getAnnotations()).doesNotContainKey(RocketExpress.LIFTOFF_ANNOTATION);
    }

    @Test
    void injectedFailureEndsTheChosenJobFailed() {
        start(settings().withFailure(job -> job.getMetadata().getName().equals("lgg-kul-2-flight")
                ? Optional.of("flight") : Optional.empty()));

        create(job("lgg-kul-1", "flight"));
        create(job("lgg-kul-2", "flight"));

        Job failed = awaitCondition("lgg-kul-2-flight", "Failed");
        assertThat(failed.getStatus().getFailed()).isEqualTo(1);
        assertThat(failed.getStatus().getActive()).isZero();
        assertThat(failed.getStatus().getCompletionTime()).isNull();
        assertThat(trueConditions(failed)).containsExactly("FailureTarget", "Failed");
        assertThat(failed.getStatus().getConditions()).extracting(JobCondition::getReason)
                .containsOnly("BackoffLimitExceeded");
        assertThat(failed.getMetadata().getAnnotations()).containsKey(RocketExpress.LIFTOFF_ANNOTATION);
        assertThat(awaitCondition("lgg-kul-1-flight", "Complete").getStatus().getSucceeded()).isEqualTo(1);
    }

    @Test
    void deletingAJobCancelsItsMission() {
        Kubelet kubelet = start(settings().withTimeScale(1)); // a real-time countdown: the mission is still waiting
        create(job("lgg-kul-1", "flight"));
        await().until(() -> log.stream().anyMatch(line -> line.contains("and counting")));
        assertThat(get("lgg-kul-1-flight").getStatus().getActive()).isEqualTo(1);

        client.resource(get("lgg-kul-1-flight")).delete();

        await().until(() -> log.stream().anyMatch(line -> line.contains("mission of lgg-kul-1-flight cancelled")));
        await().until(() -> kubelet.missions() == 0);
        assertThat(log).anyMatch(line -> line.contains("Job deleted: mission cancelled"));
        assertThat(log).noneMatch(line -> line.contains("liftoff at"));
    }

    @Test
    void noJobIsStartedTwice() {
        Kubelet first = start(settings().withResync(Duration.ofMillis(50)));
        create(job("lgg-kul-1", "flight"));
        awaitCondition("lgg-kul-1-flight", "Complete");
        Kubelet slow = start(settings().withTimeScale(1).withResync(Duration.ofMillis(50)));
        first.close();
        create(job("lgg-kul-2", "flight"));
        await().until(() -> log.stream().anyMatch(line -> line.contains("lgg-kul-2-flight") && line.contains("and counting")));
        slow.close(); // stopped mid-mission, like a stand-in that restarts

        start(settings().withResync(Duration.ofMillis(50)));
        // Several resyncs of both Jobs go by; the restarted stand-in runs neither again.
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);

        assertThat(log).filteredOn(line -> line.contains("lgg-kul-1-flight") && line.contains("vehicle controller for launch"))
                .hasSize(1);
        assertThat(log).filteredOn(line -> line.contains("lgg-kul-2-flight") && line.contains("vehicle controller for launch"))
                .hasSize(1);
        assertThat(get("lgg-kul-2-flight").getStatus().getActive()).isEqualTo(1);
    }

    @Test
    void closingInterruptsMissionsAndLeavesNoThread() {
        Kubelet kubelet = start(settings().withTimeScale(1));
        create(job("lgg-kul-1", "flight"));
        create(job("lgg-kul-2", "recovery"));
        await().until(() -> kubelet.missions() == 2 && log.stream().filter(line -> line.contains("and counting") || line.contains("under way")).count() == 2);

        kubelet.close();

        // A pool's worker may still be finishing its exit when the pool reports termination.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName).noneMatch(name -> name.startsWith(Kubelet.threadPrefix("test"))));
        assertThat(log).filteredOn(line -> line.contains("cancelled")).hasSize(2);
        assertThat(get("lgg-kul-1-flight").getStatus().getConditions()).isNullOrEmpty();
    }

    private KubeletSettings settings() {
        return KubeletSettings.defaults().withTimeScale(FAST).withLog(log::add);
    }

    private Kubelet start(KubeletSettings settings) {
        Kubelet kubelet = Kubelet.start("test", client, settings);
        kubelets.add(kubelet);
        return kubelet;
    }

    /** A Job as the operator writes it: the contract's variables, the namespace through the downward API. */
    private static Job job(String launch, String role) {
        String name = launch + "-" + role;
        List<EnvVar> env = new ArrayList<>(List.of(
                new EnvVar("LAUNCH", launch, null),
                new EnvVar("VEHICLE", "xzy-1-003", null),
                new EnvVar("ORIGIN", "liege", null),
                new EnvVar("DESTINATION", "kuala-lumpur", null),
                new EnvVar("MANIFEST_ID", "m-" + launch, null),
                new EnvVar("JOB_NAME", name, null),
                new EnvVar("ROLE", role, null)));
        env.add(new EnvVarBuilder().withName("JOB_NAMESPACE").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build());
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .addToLabels(RocketExpress.LAUNCH_LABEL, launch).endMetadata()
                .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName(role).withImage("ghcr.io/rocketexpress/rocket-express-simulator")
                .withEnv(env).endContainer()
                .endSpec().endTemplate().endSpec()
                .build();
    }

    private void create(Job job) {
        client.resource(job).create();
    }

    private Job get(String name) {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
    }

    private Job awaitCondition(String name, String type) {
        await().until(() -> {
            Job job = get(name);
            return job != null && trueConditions(job).contains(type);
        });
        return get(name);
    }

    private static List<String> trueConditions(Job job) {
        return job.getStatus() == null || job.getStatus().getConditions() == null ? List.of()
                : job.getStatus().getConditions().stream().filter(c -> "True".equals(c.getStatus()))
                .map(JobCondition::getType).toList();
    }
}
