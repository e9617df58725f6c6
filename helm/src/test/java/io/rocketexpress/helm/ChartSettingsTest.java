package io.rocketexpress.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings an installation needs on day two: scheduling, pull secrets, digests, egress, monitoring. */
class ChartSettingsTest {

    @TempDir
    Path dir;

    @Test
    void serviceMonitorIsRenderedWhereTheClusterServesItsApiOrWhenForced() {
        // The tests' cluster serves no monitoring.coreos.com/v1: auto renders nothing, as on such a cluster.
        assertThat(kinds(Chart.render())).doesNotContain("ServiceMonitor");
        assertThat(kinds(Chart.render(values("serviceMonitor:\n  enabled: true\n")))).contains("ServiceMonitor");
        assertThat(kinds(Chart.render(values("serviceMonitor:\n  enabled: false\n")))).doesNotContain("ServiceMonitor");
    }

    @Test
    void egressOnWithDefaultsKeepsDnsTheApiServerTheDatabasePeersAndWebhooks() {
        Rendered rendered = Chart.render(values("""
                networkPolicy:
                  egress:
                    enabled: true
                """));
        List<NetworkPolicyEgressRule> gateway = egress(rendered, "rocket-express-gateway");
        List<NetworkPolicyEgressRule> operator = egress(rendered, "rocket-express-operator");

        for (List<NetworkPolicyEgressRule> app : List.of(gateway, operator)) {
            assertThat(ports(app, null)).contains("UDP/53", "TCP/53", "TCP/443", "TCP/6443");
        }
        assertThat(ports(gateway, null)).contains("TCP/5432");
        assertThat(ports(operator, null)).doesNotContain("TCP/5432");
        // Webhooks: anywhere on 443 except private ranges.
        assertThat(gateway).anySatisfy(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(to -> {
                assertThat(to.getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
                assertThat(to.getIpBlock().getExcept()).contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
            });
            assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(443));
        });
    }

    @Test
    void egressPresetsNarrowToTheAddressesGiven() {
        Rendered rendered = Chart.render(values("""
                networkPolicy:
                  egress:
                    enabled: true
                    apiServer:
                      cidrs: [10.0.0.10/32]
                      ports: [6443]
                    database:
                      cidrs: [10.1.0.0/24]
                      port: 6432
                    peers:
                      cidrs: [203.0.113.0/24]
                    webhooks:
                      enabled: false
                    to:
                      - ports:
                          - port: 4317
                """));
        List<NetworkPolicyEgressRule> gateway = egress(rendered, "rocket-express-gateway");
        List<NetworkPolicyEgressRule> operator = egress(rendered, "rocket-express-operator");
        assertThat(ports(gateway, "10.0.0.10/32")).containsExactly("TCP/6443");
        assertThat(ports(gateway, "10.1.0.0/24")).containsExactly("TCP/6432");
        assertThat(ports(gateway, "203.0.113.0/24")).containsExactly("TCP/443");
        assertThat(ports(operator, "203.0.113.0/24")).containsExactlyInAnyOrder("TCP/443", "TCP/6443");
        assertThat(gateway).noneSatisfy(rule -> assertThat(rule.getTo()).anySatisfy(to ->
                assertThat(to.getIpBlock().getCidr()).isEqualTo("0.0.0.0/0")));
        assertThat(gateway).anySatisfy(rule -> assertThat(rule.getPorts().get(0).getPort().getIntVal()).isEqualTo(4317));
    }

    @Test
    void helmTestPodMayReachARestrictedGatewayAndPullsWithTheChartsSettings() {
        Rendered rendered = Chart.renderWithHooks(values("""
                imagePullSecrets:
                  - name: registry-credentials
                image:
                  registry: ghcr.io
                  group: rocketexpress
                  pullPolicy: Always
                tests:
                  image:
                    registry: mirror.example.com
                networkPolicy:
                  gatewayFrom:
                    - namespaceSelector:
                        matchLabels:
                          kubernetes.io/metadata.name: ingress-nginx
                """));
        Pod test = rendered.one(Pod.class, "rocket-express-gateway-test-ready");
        assertThat(test.getSpec().getContainers().get(0).getImage()).isEqualTo("mirror.example.com/curlimages/curl:8.11.1");
        assertThat(test.getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
        assertThat(test.getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
                .containsExactly("registry-credentials");

        NetworkPolicy gateway = rendered.one(NetworkPolicy.class, "rocket-express-gateway");
        assertThat(gateway.getSpec().getIngress().get(0).getFrom()).anySatisfy(from ->
                assertThat(from.getPodSelector() == null ? null : from.getPodSelector().getMatchLabels()).isEqualTo(Map.of(
                        "app.kubernetes.io/name", "rocket-express", "app.kubernetes.io/instance", "rocket-express",
                        "app.kubernetes.io/component", "test")));
        assertThat(test.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "test");
    }

    @Test
    void everyPodAndEveryMissionAccountCarriesTheGlobalPullSecrets() {
        Rendered rendered = Chart.renderWithHooks(values("""
                imagePullSecrets:
                  - name: registry-credentials
                """));
        List<PodSpec> pods = new ArrayList<>();
        rendered.all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
        rendered.all(Pod.class).forEach(p -> pods.add(p.getSpec()));
        assertThat(pods).hasSize(3).allSatisfy(pod -> assertThat(pod.getImagePullSecrets())
                .extracting(LocalObjectReference::getName).containsExactly("registry-credentials"));
        // The operator's Jobs run as these accounts: Kubernetes adds their pull secrets to every Job's pod.
        for (String account : List.of("rocket-express-mission", "rocket-express-recovery")) {
            assertThat(rendered.one(ServiceAccount.class, account).getImagePullSecrets())
                    .extracting(LocalObjectReference::getName).containsExactly("registry-credentials");
        }
    }

    @Test
    void recoveryJobsRunAsAnAccountOfTheirOwnWithoutAToken() {
        Rendered rendered = Chart.render();
        assertThat(rendered.one(ServiceAccount.class, "rocket-express-recovery").getAutomountServiceAccountToken()).isFalse();
        Properties operator = rendered.applicationProperties("rocket-express-operator");
        assertThat(operator.getProperty("rocketexpress.jobs.recovery.service-account")).isEqualTo("rocket-express-recovery");
        assertThat(operator.getProperty("rocketexpress.jobs.flight.service-account")).isEqualTo("rocket-express-mission");

        Properties own = Chart.render(values("""
                jobs:
                  recovery:
                    serviceAccount:
                      create: false
                      name: barge
                """)).applicationProperties("rocket-express-operator");
        assertThat(own.getProperty("rocketexpress.jobs.recovery.service-account")).isEqualTo("barge");
    }

    @Test
    void gatewayReplicasPreferDifferentNodesAndZonesByDefault() {
        PodSpec pod = Chart.render().one(Deployment.class, "rocket-express-gateway").getSpec().getTemplate().getSpec();
        assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(term -> {
                    assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                            .containsEntry("app.kubernetes.io/component", "gateway");
                });
        assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
        assertThat(pod.getTopologySpreadConstraints()).extracting(c -> c.getTopologyKey())
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(pod.getTopologySpreadConstraints()).allSatisfy(c -> {
            assertThat(c.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
            assertThat(c.getLabelSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "gateway");
        });
    }

    @Test
    void dayTwoSettingsReachBothApps() {
        Rendered rendered = Chart.render(values("""
                operator: &app
                  priorityClassName: rocket-express-critical
                  podLabels:
                    team: platform
                  podAnnotations:
                    example.com/scrape: "yes"
                  extraEnv:
                    - name: JAVA_TOOL_OPTIONS
                      value: -Djavax.net.ssl.trustStore=/etc/trust/cacerts
                  extraVolumes:
                    - name: trust
                      configMap:
                        name: corporate-ca
                  extraVolumeMounts:
                    - name: trust
                      mountPath: /etc/trust
                      readOnly: true
                gateway: *app
                """));
        for (Deployment deployment : rendered.all(Deployment.class)) {
            String what = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getPriorityClassName()).as(what).isEqualTo("rocket-express-critical");
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).as(what).containsEntry("team", "platform");
            assertThat(deployment.getSpec().getSelector().getMatchLabels()).as(what).doesNotContainKey("team");
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).as(what)
                    .containsEntry("example.com/scrape", "yes").containsKey("checksum/config");
            assertThat(pod.getContainers().get(0).getEnv()).as(what).anySatisfy(env ->
                    assertThat(env.getName()).isEqualTo("JAVA_TOOL_OPTIONS"));
            assertThat(pod.getVolumes()).as(what).anySatisfy(volume -> {
                assertThat(volume.getName()).isEqualTo("trust");
                assertThat(volume.getConfigMap().getName()).isEqualTo("corporate-ca");
            });
            assertThat(pod.getContainers().get(0).getVolumeMounts()).as(what).anySatisfy(mount ->
                    assertThat(mount.getMountPath()).isEqualTo("/etc/trust"));
        }
    }

    @Test
    void imagesArePinnedByDigestWhenGivenOne() {
        String digest = "sha256:" + "a".repeat(64);
        Rendered rendered = Chart.render(values("""
                operator:
                  image:
                    name: rocket-express-operator
                    digest: %s
                jobs:
                  image:
                    name: rocket-express-simulator
                    digest: %s
                """.formatted(digest, digest)));
        assertThat(rendered.one(Deployment.class, "rocket-express-operator").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage()).isEqualTo("ghcr.io/rocketexpress/rocket-express-operator@" + digest);
        assertThat(rendered.applicationProperties("rocket-express-operator").getProperty("rocketexpress.jobs.flight.image"))
                .isEqualTo("ghcr.io/rocketexpress/rocket-express-simulator@" + digest);
        assertThat(rendered.one(Deployment.class, "rocket-express-gateway").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage()).isEqualTo("ghcr.io/rocketexpress/rocket-express-gateway:0.1.0-SNAPSHOT");
    }

    @Test
    void gitOpsModeRendersNoGeneratedSecretAndTheSameOutputEveryTime() {
        Path gitOps = values("""
                secrets:
                  existingOnly: true
                gateway:
                  adminKey:
                    existingSecret: rocket-express-admin
                  peerCredential:
                    existingSecret: rocket-express-peer-credential
                  webhookSecretsKey:
                    existingSecret: rocket-express-webhook-secrets-key
                """);
        Rendered first = Chart.render(gitOps);
        // Only the peer token Secret, which Kubernetes fills in, never the chart.
        assertThat(first.all(io.fabric8.kubernetes.api.model.Secret.class)).extracting(s -> s.getMetadata().getName())
                .containsExactly("rocket-express-peer-token");
        assertThat(Chart.SERIALIZATION.asYaml(first.objects())).isEqualTo(Chart.SERIALIZATION.asYaml(Chart.render(gitOps).objects()));
    }

    @Test
    void gitOpsModeRefusesValuesThatWouldNeedAGeneratedSecret() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.render(values("""
                secrets:
                  existingOnly: true
                """))).hasMessageContaining("gateway.adminKey.existingSecret must name the Secret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.render(values("""
                secrets:
                  existingOnly: true
                gateway:
                  adminKey:
                    existingSecret: admin
                  peerCredential:
                    existingSecret: peer
                  webhookSecretsKey:
                    existingSecret: webhooks
                peers:
                  - name: dubai
                    code: DXB
                    kubeconfig:
                      value: "apiVersion: v1"
                """))).hasMessageContaining("peer dubai gives its kubeconfig as a value");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.render(values("""
                secrets:
                  existingOnly: true
                gateway:
                  adminKey:
                    existingSecret: admin
                  peerCredential:
                    existingSecret: peer
                  webhookSecretsKey:
                    existingSecret: webhooks
                peers:
                  - name: dubai
                    code: DXB
                    credentials:
                      value: dubai-1:a-secret-of-at-least-thirty-two-chars
                    kubeconfig:
                      existingSecret: region-dubai
                """))).hasMessageContaining("peer dubai gives its keys as a value");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.render(values("""
                secrets:
                  existingOnly: true
                gateway:
                  adminKey:
                    existingSecret: admin
                """))).hasMessageContaining("gateway.peerCredential.existingSecret must name the Secret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.render(values("""
                secrets:
                  existingOnly: true
                gateway:
                  adminKey:
                    existingSecret: admin
                  peerCredential:
                    existingSecret: peer
                """))).hasMessageContaining("gateway.webhookSecretsKey.existingSecret must name the Secret");
    }

    private Path values(String yaml) {
        return Chart.writeValues(dir, yaml);
    }

    private static List<NetworkPolicyEgressRule> egress(Rendered rendered, String name) {
        NetworkPolicy policy = rendered.one(NetworkPolicy.class, name);
        assertThat(policy.getSpec().getPolicyTypes()).contains("Egress");
        return policy.getSpec().getEgress();
    }

    /** protocol/port of the rules to a CIDR, or of the rules to any address (null). */
    private static List<String> ports(List<NetworkPolicyEgressRule> rules, String cidr) {
        List<String> ports = new ArrayList<>();
        for (NetworkPolicyEgressRule rule : rules) {
            boolean matches = cidr == null ? rule.getTo() == null || rule.getTo().isEmpty()
                    : rule.getTo() != null && rule.getTo().stream().anyMatch(to -> to.getIpBlock() != null
                    && cidr.equals(to.getIpBlock().getCidr()));
            if (matches) {
                rule.getPorts().forEach(port -> ports.add(port.getProtocol() + "/" + port.getPort().getIntVal()));
            }
        }
        return ports;
    }

    private static List<String> kinds(Rendered rendered) {
        return rendered.objects().stream().map(HasMetadata::getKind).distinct().toList();
    }
}
