package io.rocketexpress.operator.region;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rocketexpress.localcluster.LocalCluster;
import io.rocketexpress.model.recovery.LaunchReference;
import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.recovery.VehicleSnapshot;
import io.rocketexpress.model.vehicle.VehicleSpec;
import io.rocketexpress.operator.InProcessCluster;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * k8s/scripts/peer-kubeconfig.sh, run with kubectl against in-process clusters, makes the peer account and token in
 * one region's cluster and a kubeconfig for it that this operator takes, with the peer's rights and no more.
 */
@QuarkusTest
@QuarkusTestResource(value = InProcessCluster.class, restrictToAnnotatedClass = false)
class PeerKubeconfigScriptTest {

    private static final String NAMESPACE = "rocket-express";

    @Inject
    RegionClients regions;

    @Inject
    KubernetesClient local;

    @TempDir
    Path dir;

    @Test
    void scriptMakesThePeerTokenAndStoresAKubeconfigTheOperatorAcceptsAndUses() throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl is not installed (.ci/run installs it)");
        try (LocalCluster dubai = new LocalCluster()) {
            Path dubaiConfig = write("dubai.kubeconfig", dubai.kubeconfig(NAMESPACE));
            Path hangzhouConfig = write("hangzhou.kubeconfig", kubeconfigOf(local));

            Process script = start("--region", "dubai", "--kubeconfig", dubaiConfig.toString(),
                    "--to-kubeconfig", hangzhouConfig.toString(), "--to-namespace", InProcessCluster.NAMESPACE,
                    "--timeout", "30");
            actAsTheTokenController(dubai);
            assertThat(finish(script)).isZero();

            ServiceAccount account = dubai.client().serviceAccounts().inNamespace(NAMESPACE).withName("rocket-express-peer").get();
            assertThat(account.getAutomountServiceAccountToken()).isFalse();
            // A later helm install of the release takes these over rather than failing on them.
            assertThat(account.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "Helm");
            assertThat(account.getMetadata().getAnnotations()).containsEntry("meta.helm.sh/release-name", "rocket-express");

            String kubeconfig = kubeconfig(local.secrets().inNamespace(InProcessCluster.NAMESPACE).withName("region-dubai").get());
            assertThat(KubeconfigPolicy.refusal(kubeconfig)).isEmpty();
            assertThat(Config.fromKubeconfig(kubeconfig).getMasterUrl()).startsWith(dubai.client().getMasterUrl().toString());

            // The operator's own path: Secret region-dubai, the policy, the client; a peer's rights only.
            regions.forget("dubai");
            KubernetesClient client = regions.client("dubai");
            client.resource(recovery("wired")).create();
            assertThat(dubai.client().resources(Recovery.class).inNamespace(NAMESPACE).withName("wired").get()).isNotNull();
            assertThat(catchThrowableOfType(KubernetesClientException.class, () -> client.resource(
                    new ConfigMapBuilder().withNewMetadata().withName("wired").endMetadata().build()).create()).getCode())
                    .isEqualTo(403);
            assertThat(catchThrowableOfType(KubernetesClientException.class, () -> client.resource(new JobBuilder()
                    .withNewMetadata().withName("wired").endMetadata().withNewSpec().endSpec().build()).create()).getCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void theApiServerAddressCanBeGivenForWhereThePeerReachesIt() throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl is not installed (.ci/run installs it)");
        try (LocalCluster dubai = new LocalCluster()) {
            Path dubaiConfig = write("dubai.kubeconfig", dubai.kubeconfig(NAMESPACE));
            Path output = dir.resolve("out.kubeconfig");

            Process script = start("--region", "dubai", "--kubeconfig", dubaiConfig.toString(),
                    "--server", "https://api.dubai.example.com:6443", "--output", output.toString());
            actAsTheTokenController(dubai);
            assertThat(finish(script)).isZero();

            String kubeconfig = Files.readString(output);
            assertThat(KubeconfigPolicy.refusal(kubeconfig)).isEmpty();
            Config config = Config.fromKubeconfig(kubeconfig);
            assertThat(config.getMasterUrl()).startsWith("https://api.dubai.example.com:6443");
            assertThat(token(kubeconfig)).isEqualTo(peerToken(dubai));
            assertThat(config.getNamespace()).isEqualTo(NAMESPACE);
            assertThat(config.getCaCertData()).isEqualTo(caData());

            // A second run reuses the account and its token.
            Process again = start("--region", "dubai", "--kubeconfig", dubaiConfig.toString(),
                    "--server", "https://api.dubai.example.com:6443");
            assertThat(finish(again)).isZero();
            assertThat(new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(kubeconfig);
        }
    }

    /** The in-process API server has no token controller: fill the token Secret in as Kubernetes would. */
    private void actAsTheTokenController(LocalCluster cluster) throws IOException {
        String data = caData();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                cluster.client().secrets().inNamespace(NAMESPACE).withName("rocket-express-peer-token").get() != null);
        Secret token = cluster.client().secrets().inNamespace(NAMESPACE).withName("rocket-express-peer-token").get();
        assertThat(token.getType()).isEqualTo("kubernetes.io/service-account-token");
        assertThat(token.getMetadata().getAnnotations()).containsEntry("kubernetes.io/service-account.name", "rocket-express-peer");
        token.setData(Map.of(
                "token", Base64.getEncoder().encodeToString(peerToken(cluster).getBytes(StandardCharsets.UTF_8)),
                "ca.crt", data,
                "namespace", Base64.getEncoder().encodeToString(NAMESPACE.getBytes(StandardCharsets.UTF_8))));
        cluster.client().resource(token).update();
    }

    /** The token the in-process cluster grants the peer Role's rights to. */
    private static String peerToken(LocalCluster cluster) {
        return token(cluster.peerKubeconfig(NAMESPACE));
    }

    private static String token(String kubeconfig) {
        return new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
                .unmarshal(kubeconfig, io.fabric8.kubernetes.api.model.Config.class).getUsers().get(0).getUser().getToken();
    }

    private static String caData() throws IOException {
        try (InputStream ca = PeerKubeconfigScriptTest.class.getResourceAsStream("/peer/ca.crt")) {
            return Base64.getEncoder().encodeToString(ca.readAllBytes());
        }
    }

    private Process start(String... arguments) throws IOException {
        Path script = repositoryRoot().resolve("k8s/scripts/peer-kubeconfig.sh");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectError(dir.resolve("stderr-" + System.nanoTime()).toFile()).start();
    }

    private int finish(Process process) throws InterruptedException, IOException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the script did not finish");
        }
        if (process.exitValue() != 0) {
            try (var errors = Files.list(dir)) {
                for (Path file : errors.filter(f -> f.getFileName().toString().startsWith("stderr-")).toList()) {
                    System.err.println(Files.readString(file));
                }
            }
        }
        return process.exitValue();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String kubeconfigOf(KubernetesClient client) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: local
                  cluster:
                    server: %s
                contexts:
                - name: local
                  context:
                    cluster: local
                    user: local
                    namespace: %s
                current-context: local
                users:
                - name: local
                  user:
                    token: local
                """.formatted(client.getMasterUrl(), NAMESPACE);
    }

    private static String kubeconfig(Secret secret) {
        return new String(Base64.getDecoder().decode(secret.getData().get("kubeconfig")), StandardCharsets.UTF_8);
    }

    private static Path repositoryRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.isDirectory(directory.resolve("k8s").resolve("scripts"))) {
            directory = directory.getParent();
        }
        assertThat(directory).as("repository root above the working directory").isNotNull();
        return directory;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(entry -> Files.isExecutable(Path.of(entry, program)));
    }

    private static Recovery recovery(String name) {
        Recovery recovery = new Recovery();
        recovery.getMetadata().setName(name);
        LaunchReference launch = new LaunchReference();
        launch.setRegion("hangzhou");
        launch.setNamespace(NAMESPACE);
        launch.setName(name);
        launch.setUid("00000000-0000-0000-0000-000000000003");
        VehicleSpec spec = new VehicleSpec();
        spec.setHomeRegion("hangzhou");
        VehicleSnapshot vehicle = new VehicleSnapshot();
        vehicle.setName("xzy-1-001");
        vehicle.setSpec(spec);
        vehicle.setFlights(1);
        recovery.getSpec().setLaunch(launch);
        recovery.getSpec().setVehicle(vehicle);
        recovery.getSpec().setLandedAt("2026-12-02T09:25:00Z");
        return recovery;
    }
}
