package io.rocketexpress.operator.region;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
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

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@QuarkusTest
@QuarkusTestResource(value = InProcessCluster.class, restrictToAnnotatedClass = false)
class RegionClientsTest {

    @Inject
    RegionClients regions;

    @Inject
    KubernetesClient local;

    @Test
    void thisRegionIsTheOperatorsOwnCluster() {
        assertThat(regions.here().name()).isEqualTo("hangzhou");
        assertThat(regions.client("hangzhou")).isSameAs(local);
        assertThat(regions.region("dubai").code()).isEqualTo("DXB");
    }

    @Test
    void anotherRegionIsReachedWithTheKubeconfigInItsSecretAndItsClientIsBuiltOnce() {
        try (LocalCluster dubai = new LocalCluster()) {
            dubai.storeKubeconfig(local, "region-dubai", "rocket-express");
            regions.forget("dubai");

            KubernetesClient client = regions.client("dubai");
            client.resource(recovery("hello")).create();

            assertThat(dubai.client().resources(Recovery.class).inNamespace("rocket-express").withName("hello").get())
                    .isNotNull();
            assertThat(regions.client("dubai")).isSameAs(client);
            // A peer's credential: recoveries only.
            assertThat(catchThrowableOfType(KubernetesClientException.class, () -> client.resource(
                    new ConfigMapBuilder().withNewMetadata().withName("hello").endMetadata().build()).create()).getCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void missingOrBrokenKubeconfigIsReportedWithAReason() {
        RegionUnavailable missing = catchThrowableOfType(RegionUnavailable.class, () -> regions.client("liege"));
        assertThat(missing.reason()).isEqualTo(RegionUnavailable.SECRET_MISSING);
        assertThat(missing.getMessage()).contains("Secret region-liege does not exist");

        local.resource(new SecretBuilder().withNewMetadata().withName("region-liege").endMetadata()
                .withStringData(Map.of("kubeconfig", "this: [is not a kubeconfig")).build()).create();
        RegionUnavailable broken = catchThrowableOfType(RegionUnavailable.class, () -> regions.client("liege"));
        assertThat(broken.reason()).isEqualTo(RegionUnavailable.KUBECONFIG_INVALID);
        assertThat(broken.getMessage()).contains("region-liege", "liege", "not usable");
    }

    @Test
    void kubeconfigWithPluginsLocalFilesOrUnverifiedTlsIsRefusedAndItsProgramNeverRuns(@TempDir Path dir) {
        Path ran = dir.resolve("ran");
        String server = "https://dubai.example:6443";
        Map<String, String> refused = Map.of(
                "exec", user("""
                        exec:
                          apiVersion: client.authentication.k8s.io/v1
                          command: sh
                          args: ["-c", "touch %s"]
                        """.formatted(ran)),
                "auth-provider", user("""
                        auth-provider:
                          name: oidc
                          config: {idp-issuer-url: "https://idp.example"}
                        """),
                "token file", user("tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n"),
                "certificate files", user("client-certificate: /etc/cert.pem\nclient-key: /etc/key.pem\n"),
                "insecure TLS", kubeconfig(server, "    insecure-skip-tls-verify: true\n", "    token: abc\n"));
        refused.forEach((what, kubeconfig) -> {
            local.resource(new SecretBuilder().withNewMetadata().withName("region-liege").endMetadata()
                    .withStringData(Map.of("kubeconfig", kubeconfig)).build()).createOr(NonDeletingOperation::update);
            regions.forget("liege");
            RegionUnavailable refusal = catchThrowableOfType(RegionUnavailable.class, () -> regions.client("liege"));
            assertThat(refusal).as(what).isNotNull();
            assertThat(refusal.reason()).as(what).isEqualTo(RegionUnavailable.KUBECONFIG_REFUSED);
            assertThat(refusal.getMessage()).as(what).contains("region-liege", "refused");
        });
        assertThat(ran).as("the exec plugin's program").doesNotExist();
        local.secrets().withName("region-liege").delete();
    }

    private static String user(String settings) {
        return kubeconfig("https://liege.example:6443", "", settings.indent(4));
    }

    private static String kubeconfig(String server, String clusterSettings, String userSettings) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: %s
                %scontexts:
                - name: c
                  context: {cluster: c, user: u}
                current-context: c
                users:
                - name: u
                  user:
                %s""".formatted(server, clusterSettings, userSettings);
    }

    @Test
    void regionWithoutKubeconfigOrUnknownRegionIsReportedWithAReason() {
        assertThat(catchThrowableOfType(RegionUnavailable.class, () -> regions.client("kuala-lumpur")).reason())
                .isEqualTo(RegionUnavailable.NO_KUBECONFIG);
        RegionUnavailable unknown = catchThrowableOfType(RegionUnavailable.class, () -> regions.client("atlantis"));
        assertThat(unknown.reason()).isEqualTo(RegionUnavailable.UNKNOWN_REGION);
        assertThat(unknown.getMessage()).contains("atlantis", "hangzhou", "dubai", "liege", "kuala-lumpur");
    }

    /** A Recovery as an origin hands it over; the API server refuses one without its spec. */
    private static Recovery recovery(String name) {
        Recovery recovery = new Recovery();
        recovery.getMetadata().setName(name);
        LaunchReference launch = new LaunchReference();
        launch.setRegion("hangzhou");
        launch.setNamespace("rocket-express");
        launch.setName(name);
        launch.setUid("00000000-0000-0000-0000-000000000002");
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
