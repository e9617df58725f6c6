package io.rocketexpress.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the chart installs, for the defaults and for every sample region. */
class ChartRenderTest {

    private static final Map<String, String> CODES = Map.of(
            "hangzhou", "HGH", "dubai", "DXB", "liege", "LGG", "kuala-lumpur", "KUL");

    static Stream<Arguments> installations() {
        List<Arguments> all = new ArrayList<>();
        all.add(Arguments.of("defaults", new Path[0]));
        for (String region : Chart.REGIONS) {
            all.add(Arguments.of(region, new Path[] {Chart.regionValues(region)}));
        }
        return all.stream();
    }

    static Stream<String> regions() {
        return Chart.REGIONS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installations")
    void rendersTheAppsWithTheirAccountsAndSettings(String installation, Path[] values) {
        Rendered rendered = Chart.renderWithHooks(values);
        assertThat(rendered.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("rocket-express-operator", "rocket-express-gateway");
        assertThat(kinds(rendered)).contains("ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Service",
                "CustomResourceDefinition", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "Pod");
        for (Deployment deployment : rendered.all(Deployment.class)) {
            assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                    .isEqualTo(deployment.getMetadata().getName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void operatorKnowsItsRegionAndReachesEveryPeerThroughItsKubeconfigSecret(String region) {
        Properties operator = Chart.render(Chart.regionValues(region)).applicationProperties("rocket-express-operator");

        assertThat(operator.getProperty("rocketexpress.operator.region")).isEqualTo(region);
        assertThat(registry(operator)).isEqualTo(expectedRegistry(region));
        assertThat(operator.getProperty("quarkus.operator-sdk.namespaces")).isEqualTo("JOSDK_WATCH_CURRENT");
        assertThat(operator.getProperty("rocketexpress.leader-election.enabled")).isEqualTo("true");
        assertThat(operator.getProperty("rocketexpress.jobs.flight.image"))
                .isEqualTo(operator.getProperty("rocketexpress.jobs.recovery.image"))
                .isEqualTo("ghcr.io/rocketexpress/rocket-express-simulator:0.1.0-SNAPSHOT");
        assertThat(operator.getProperty("rocketexpress.jobs.flight.service-account")).isEqualTo("rocket-express-mission");
        // Above the image's own application.properties (250), below the environment (300) that holds secrets.
        assertThat(Integer.parseInt(operator.getProperty("config_ordinal"))).isBetween(251, 299);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void gatewayKnowsEveryRegionCodeAndEveryPeerGateway(String region) {
        Properties gateway = Chart.render(Chart.regionValues(region)).applicationProperties("rocket-express-gateway");

        assertThat(gateway.getProperty("rocketexpress.gateway.region")).isEqualTo(region);
        assertThat(gateway.getProperty("rocketexpress.gateway.namespace")).isEqualTo(Chart.NAMESPACE);
        Map<String, String> codes = new TreeMap<>();
        Map<String, String> peers = new TreeMap<>();
        gateway.stringPropertyNames().forEach(key -> {
            if (key.startsWith("rocketexpress.regions.")) {
                assertThat(key).endsWith(".code");
                codes.put(key.substring("rocketexpress.regions.".length(), key.length() - ".code".length()),
                        gateway.getProperty(key));
            }
            if (key.startsWith("rocketexpress.peers.") && !key.endsWith(".credentials")) {
                assertThat(key).endsWith(".url");
                peers.put(key.substring("rocketexpress.peers.".length(), key.length() - ".url".length()),
                        gateway.getProperty(key));
            }
        });
        assertThat(codes).isEqualTo(new TreeMap<>(CODES));
        Map<String, String> expectedPeers = new TreeMap<>();
        Chart.REGIONS.stream().filter(other -> !other.equals(region))
                .forEach(other -> expectedPeers.put(other, "https://gateway." + other + ".rocketexpress.example"));
        assertThat(peers).isEqualTo(expectedPeers);
    }

    @Test
    void defaultsInstallOneRegionWithoutPeersAndGenerateTheKeys() {
        Rendered rendered = Chart.render();
        Properties operator = rendered.applicationProperties("rocket-express-operator");
        assertThat(registry(operator)).isEqualTo(Map.of("hangzhou", "HGH|" + Chart.NAMESPACE + "|local"));
        assertThat(rendered.one(io.fabric8.kubernetes.api.model.Secret.class, "rocket-express-admin-key").getData())
                .containsKey("admin-key");
        assertThat(rendered.one(io.fabric8.kubernetes.api.model.Secret.class, "rocket-express-peer-credential")
                .getData()).containsOnlyKeys("keyId", "secret");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installations")
    void secretsReachTheGatewayAsEnvironmentVariablesAndTheSettingsAsAMountedFile(String installation, Path[] values) {
        Rendered rendered = Chart.render(values);
        Container gateway = container(rendered.one(Deployment.class, "rocket-express-gateway"));
        Map<String, String> fromSecrets = new LinkedHashMap<>();
        gateway.getEnv().stream().filter(env -> env.getValueFrom() != null)
                .forEach(env -> fromSecrets.put(env.getName(), env.getValueFrom().getSecretKeyRef().getName()));
        Map<String, String> expected = new LinkedHashMap<>(Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "rocket-express-database",
                "QUARKUS_DATASOURCE_JDBC_URL", "rocket-express-database",
                "QUARKUS_DATASOURCE_USERNAME", "rocket-express-database",
                "QUARKUS_DATASOURCE_PASSWORD", "rocket-express-database",
                "ROCKETEXPRESS_GATEWAY_ADMIN_KEY", "rocket-express-admin-key",
                "ROCKETEXPRESS_GATEWAY_PEER_CREDENTIAL_KEY_ID", "rocket-express-peer-credential",
                "ROCKETEXPRESS_GATEWAY_PEER_CREDENTIAL_SECRET", "rocket-express-peer-credential",
                "ROCKETEXPRESS_GATEWAY_WEBHOOKS_SECRETS_KEY", "rocket-express-webhook-secrets-key"));
        // Each peer's keys, from the copy of that region's key kept here.
        Properties properties = rendered.applicationProperties("rocket-express-gateway");
        properties.stringPropertyNames().stream().filter(name -> name.endsWith(".credentials")).forEach(name -> {
            String peer = name.substring("rocketexpress.peers.".length(), name.length() - ".credentials".length());
            String variable = "RX_PEER_CREDENTIALS_" + peer.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            assertThat(properties.getProperty(name)).isEqualTo("${" + variable + "}");
            expected.put(variable, "rocket-express-peer-" + peer);
        });
        assertThat(fromSecrets).containsExactlyInAnyOrderEntriesOf(expected);
        for (Deployment deployment : rendered.all(Deployment.class)) {
            Container app = container(deployment);
            assertThat(app.getEnv()).anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo("SMALLRYE_CONFIG_LOCATIONS");
                assertThat(env.getValue()).isEqualTo("/etc/rocket-express/application.properties");
            });
            assertThat(app.getVolumeMounts()).anySatisfy(mount -> {
                assertThat(mount.getMountPath()).isEqualTo("/etc/rocket-express");
                assertThat(mount.getReadOnly()).isTrue();
            });
            assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(volume ->
                    assertThat(volume.getConfigMap().getName()).isEqualTo(deployment.getMetadata().getName()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installations")
    void everyContainerRunsRestrictedAsNonRootOnAReadOnlyRootFileSystem(String installation, Path[] values) {
        Rendered rendered = Chart.renderWithHooks(values);
        Map<String, PodSpec> pods = new LinkedHashMap<>();
        rendered.all(Deployment.class).forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        rendered.all(Pod.class).forEach(p -> pods.put(p.getMetadata().getName(), p.getSpec()));
        assertThat(pods).containsKey("rocket-express-gateway-test-ready");

        pods.forEach((name, pod) -> {
            PodSecurityContext podContext = pod.getSecurityContext();
            assertThat(pod.getContainers()).isNotEmpty();
            assertThat(pod.getInitContainers()).isEmpty();
            for (Container container : pod.getContainers()) {
                SecurityContext context = container.getSecurityContext();
                String what = name + "/" + container.getName();
                assertThat(context).as(what).isNotNull();
                assertThat(Boolean.TRUE.equals(context.getRunAsNonRoot())
                        || podContext != null && Boolean.TRUE.equals(podContext.getRunAsNonRoot())).as(what + " runAsNonRoot").isTrue();
                Long user = context.getRunAsUser() != null ? context.getRunAsUser() : podContext.getRunAsUser();
                assertThat(user).as(what + " runAsUser").isNotNull().isPositive();
                assertThat(context.getReadOnlyRootFilesystem()).as(what + " readOnlyRootFilesystem").isTrue();
                assertThat(context.getAllowPrivilegeEscalation()).as(what + " allowPrivilegeEscalation").isFalse();
                assertThat(context.getPrivileged()).as(what + " privileged").isNotEqualTo(Boolean.TRUE);
                assertThat(context.getCapabilities().getDrop()).as(what + " capabilities").containsExactly("ALL");
                assertThat(context.getCapabilities().getAdd()).as(what + " capabilities added").isNullOrEmpty();
                assertThat(context.getSeccompProfile().getType()).as(what + " seccomp").isEqualTo("RuntimeDefault");
                assertThat(container.getResources().getLimits()).as(what + " limits").containsKeys("cpu", "memory");
                // The JVM and curl write to /tmp only: an emptyDir there lets the root file system stay read-only.
                assertThat(container.getVolumeMounts()).as(what + " /tmp").anySatisfy(mount -> {
                    assertThat(mount.getMountPath()).isEqualTo("/tmp");
                    assertThat(pod.getVolumes()).anySatisfy(volume -> {
                        assertThat(volume.getName()).isEqualTo(mount.getName());
                        assertThat(volume.getEmptyDir()).isNotNull();
                    });
                });
            }
        });
        assertThat(pods.values()).allSatisfy(pod ->
                assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installations")
    void everyDeploymentIsProbedOnTheQuarkusHealthEndpoints(String installation, Path[] values) {
        for (Deployment deployment : Chart.render(values).all(Deployment.class)) {
            Container app = container(deployment);
            String what = deployment.getMetadata().getName();
            assertThat(app.getPorts()).as(what).anySatisfy(port -> {
                assertThat(port.getName()).isEqualTo("http");
                assertThat(port.getContainerPort()).isEqualTo(8080);
            });
            // The gateway serves health on its management port; the operator, which serves no API, on http.
            String port = what.endsWith("-gateway") ? "management" : "http";
            assertThat(app.getPorts()).as(what).anySatisfy(p -> assertThat(p.getName()).isEqualTo(port));
            assertThat(app.getLivenessProbe().getHttpGet().getPath()).as(what).isEqualTo("/q/health/live");
            assertThat(app.getLivenessProbe().getHttpGet().getPort().getStrVal()).as(what).isEqualTo(port);
            assertThat(app.getReadinessProbe().getHttpGet().getPath()).as(what).isEqualTo("/q/health/ready");
            assertThat(app.getReadinessProbe().getHttpGet().getPort().getStrVal()).as(what).isEqualTo(port);
        }
    }

    @Test
    void helmTestAsksTheGatewayServiceWhetherItIsReady() throws java.io.IOException {
        assertThat(Chart.render().all(Pod.class)).as("a hook, not part of the release's manifest").isEmpty();
        assertThat(java.nio.file.Files.readString(Chart.directory().resolve("templates/tests/gateway-ready.yaml")))
                .contains("helm.sh/hook: test");
        Pod test = Chart.renderWithHooks().one(Pod.class, "rocket-express-gateway-test-ready");
        assertThat(test.getSpec().getContainers().get(0).getArgs())
                .contains("http://rocket-express-gateway-internal.rocket-express.svc:9000/q/health/ready", "--fail");
    }

    @Test
    void gatewayScalesWithinItsBoundsAndKeepsAllButOneReplicaThroughDisruptions() {
        Rendered rendered = Chart.render();
        HorizontalPodAutoscaler hpa = rendered.one(HorizontalPodAutoscaler.class, "rocket-express-gateway");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("rocket-express-gateway");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        // The autoscaler owns the replica count: an upgrade must not reset it.
        assertThat(rendered.one(Deployment.class, "rocket-express-gateway").getSpec().getReplicas()).isNull();
        assertThat(rendered.one(PodDisruptionBudget.class, "rocket-express-gateway").getSpec().getMaxUnavailable().getIntVal())
                .isEqualTo(1);
    }

    @Test
    void withoutAutoscalingTheGatewayRunsTheConfiguredReplicas(@org.junit.jupiter.api.io.TempDir Path dir) {
        Rendered rendered = Chart.render(Chart.writeValues(dir, """
                gateway:
                  replicas: 3
                  autoscaling:
                    enabled: false
                """));
        assertThat(rendered.one(Deployment.class, "rocket-express-gateway").getSpec().getReplicas()).isEqualTo(3);
        assertThat(rendered.all(HorizontalPodAutoscaler.class)).isEmpty();
    }

    @Test
    void ingressIsOptionalAndServesTheRegionsHostWithTls() {
        assertThat(Chart.render().all(Ingress.class)).isEmpty();
        Ingress ingress = Chart.render(Chart.regionValues("liege")).one(Ingress.class, "rocket-express-gateway");
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("gateway.liege.rocketexpress.example");
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("gateway-liege-tls");
    }

    @Test
    void networkPoliciesLetTrafficOnlyToTheServedPorts() {
        List<NetworkPolicy> policies = Chart.render().all(NetworkPolicy.class);
        assertThat(policies).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("rocket-express-operator", "rocket-express-gateway");
        for (NetworkPolicy policy : policies) {
            assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
            // The operator serves http alone; the gateway http to partners and management to monitoring.
            List<String> served = policy.getMetadata().getName().endsWith("gateway")
                    ? List.of("http", "management") : List.of("http");
            assertThat(policy.getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getPorts())
                    .allSatisfy(port -> assertThat(port.getPort().getStrVal()).isIn(served)));
        }
        // The operator serves no API: only the metrics scrapers may reach it.
        assertThat(policies.stream().filter(p -> p.getMetadata().getName().endsWith("operator")).findFirst().orElseThrow()
                .getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty());
    }

    @Test
    void prometheusScrapesBothAppsWhenAskedTo(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertThat(kinds(Chart.render())).doesNotContain("ServiceMonitor");
        HasMetadata monitor = Chart.render(Chart.writeValues(dir, """
                serviceMonitor:
                  enabled: true
                  labels:
                    release: prometheus
                """)).objects().stream().filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        assertThat(Chart.SERIALIZATION.asJson(monitor))
                .contains("\"path\":\"/q/metrics\"", "\"port\":\"http\"", "\"port\":\"management\"",
                        "\"operator\"", "\"gateway\"", "rocketexpress.io/monitored");
        Rendered rendered = Chart.render();
        // What the monitor selects: the operator's Service on http, the gateway's inside on management, and
        // not the gateway's public Service.
        assertThat(rendered.one(io.fabric8.kubernetes.api.model.Service.class, "rocket-express-operator"))
                .satisfies(service -> {
                    assertThat(service.getMetadata().getLabels()).containsEntry("rocketexpress.io/monitored", "true");
                    assertThat(service.getSpec().getPorts()).extracting(p -> p.getName()).containsExactly("http");
                });
        assertThat(rendered.one(io.fabric8.kubernetes.api.model.Service.class, "rocket-express-gateway-internal"))
                .satisfies(service -> {
                    assertThat(service.getMetadata().getLabels()).containsEntry("rocketexpress.io/monitored", "true");
                    assertThat(service.getSpec().getPorts()).extracting(p -> p.getName())
                            .containsExactly("admin", "management");
                });
        assertThat(rendered.one(io.fabric8.kubernetes.api.model.Service.class, "rocket-express-gateway")
                .getMetadata().getLabels()).doesNotContainKey("rocketexpress.io/monitored");
    }

    @Test
    void leaderElectionCanBeSwitchedOffAndThenTheOperatorNeverOverlapsItself(@org.junit.jupiter.api.io.TempDir Path dir) {
        Rendered rendered = Chart.render(Chart.writeValues(dir, """
                operator:
                  leaderElection:
                    enabled: false
                """));
        assertThat(rendered.applicationProperties("rocket-express-operator").getProperty("rocketexpress.leader-election.enabled"))
                .isEqualTo("false");
        assertThat(rendered.one(Deployment.class, "rocket-express-operator").getSpec().getStrategy().getType())
                .isEqualTo("Recreate");
        assertThat(rendered.one(io.fabric8.kubernetes.api.model.rbac.Role.class, "rocket-express-operator").getRules())
                .noneSatisfy(rule -> assertThat(rule.getResources()).contains("leases"));
    }

    @Test
    void notesTellHowToCheckTheOperatorApplyAFleetReachTheGatewayAndCreateAPartner() {
        String notes = Chart.installNotes(Chart.regionValues("kuala-lumpur"));
        assertThat(notes)
                .contains("region kuala-lumpur (KUL)")
                .contains("kubectl -n rocket-express rollout status deployment/rocket-express-operator")
                .contains("kubectl -n rocket-express apply -f k8s/examples/fleet.yaml")
                .contains("export GATEWAY=https://gateway.kuala-lumpur.rocketexpress.example")
                .contains("get secret rocket-express-admin-key")
                .contains("port-forward service/rocket-express-gateway-internal 8081:80 9000:9000")
                .contains("$GATEWAY_ADMIN/admin/partners")
                .doesNotContain("$GATEWAY/admin", "$GATEWAY/q/")
                .contains("region-hangzhou", "region-dubai", "region-liege")
                .contains("kubectl -n rocket-express get recoveries")
                .doesNotContain("<no value>");
        assertThat(Chart.installNotes()).contains("kubectl -n rocket-express port-forward service/rocket-express-gateway");
    }

    /** region name → code|namespace|kubeconfig Secret/key, or local for the operator's own region. */
    private static Map<String, String> registry(Properties operator) {
        Map<String, String> registry = new TreeMap<>();
        for (String key : operator.stringPropertyNames()) {
            if (!key.startsWith("rocketexpress.regions.") || !key.endsWith(".code")) {
                continue;
            }
            String name = key.substring("rocketexpress.regions.".length(), key.length() - ".code".length());
            String prefix = "rocketexpress.regions." + name + ".";
            String secret = operator.getProperty(prefix + "kubeconfig-secret");
            registry.put(name, operator.getProperty(key) + "|" + operator.getProperty(prefix + "namespace") + "|"
                    + (secret == null ? "local" : secret + "/" + operator.getProperty(prefix + "kubeconfig-key")));
        }
        operator.stringPropertyNames().stream().filter(key -> key.startsWith("rocketexpress.regions."))
                .forEach(key -> assertThat(key).matches("rocketexpress\\.regions\\.[a-z0-9-]+\\."
                        + "(code|namespace|kubeconfig-secret|kubeconfig-key)"));
        return registry;
    }

    private static Map<String, String> expectedRegistry(String region) {
        Map<String, String> expected = new TreeMap<>();
        CODES.forEach((name, code) -> expected.put(name, name.equals(region)
                ? code + "|" + Chart.NAMESPACE + "|local"
                : code + "|rocket-express|region-" + name + "/kubeconfig"));
        return expected;
    }

    private static Container container(Deployment deployment) {
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static List<String> kinds(Rendered rendered) {
        return rendered.objects().stream().map(HasMetadata::getKind).distinct().toList();
    }

    @Test
    void theIngressRoutesThePublicPathsOnlyNeverTheAdminApiNorTheManagementPort(
            @org.junit.jupiter.api.io.TempDir Path dir) {
        Rendered rendered = Chart.render(Chart.regionValues("hangzhou"));
        io.fabric8.kubernetes.api.model.networking.v1.Ingress ingress =
                rendered.one(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "rocket-express-gateway");
        var paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        assertThat(paths).extracting(p -> p.getPath()).containsExactly("/v1", "/board", "/track", "/pages");
        assertThat(paths).allSatisfy(p -> {
            assertThat(p.getBackend().getService().getName()).isEqualTo("rocket-express-gateway");
            assertThat(p.getBackend().getService().getPort().getName()).isEqualTo("http");
        });
        assertThat(rendered.one(io.fabric8.kubernetes.api.model.Service.class, "rocket-express-gateway").getSpec()
                .getPorts()).extracting(p -> p.getName()).containsExactly("http");
        for (String path : List.of("/", "/admin", "/admin/partners", "/q", "/q/metrics")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.render(Chart.writeValues(dir, """
                    gateway:
                      ingress:
                        enabled: true
                        host: gateway.example.com
                        paths: ["%s"]
                    """.formatted(path)))).as(path).hasMessageContaining("paths");
        }
    }

    @Test
    void onlyMonitoringAndTheHelmTestReachTheGatewaysManagementPort() {
        var policy = Chart.render().one(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
                "rocket-express-gateway");
        var management = policy.getSpec().getIngress().stream()
                .filter(rule -> rule.getPorts().stream().anyMatch(p -> "management".equals(p.getPort().getStrVal())))
                .findFirst().orElseThrow();
        assertThat(management.getFrom()).hasSize(2);
        assertThat(management.getFrom().get(0).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "monitoring");
        assertThat(management.getFrom().get(1).getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "test");
    }
}
