package io.rocketexpress.helm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json turns a wrong value into a refusal that names the value and the rule, before anything is installed. */
class ValuesSchemaTest {

    @TempDir
    Path dir;

    @Test
    void gatewayNeedsAtLeastOneReplica() {
        assertRefused("""
                gateway:
                  replicas: 0
                """, "/gateway/replicas", "minimum");
    }

    @Test
    void operatorNeedsAtLeastOneReplica() {
        assertRefused("""
                operator:
                  replicas: 0
                """, "/operator/replicas", "minimum");
    }

    @Test
    void aPeerWithoutAKubeconfigSourceIsRefused() {
        assertRefused("""
                peers:
                  - name: dubai
                    code: DXB
                """, "/peers/0", "kubeconfig");
        assertRefused("""
                peers:
                  - name: dubai
                    code: DXB
                    kubeconfig:
                      key: kubeconfig
                """, "/peers/0/kubeconfig", "existingSecret", "value");
    }

    @Test
    void regionCodesAreThreeCapitals() {
        assertRefused("""
                region:
                  name: hangzhou
                  code: hgh
                """, "/region/code", "[A-Z]{3}");
        assertRefused("""
                peers:
                  - name: dubai
                    code: DUBAI
                    kubeconfig:
                      existingSecret: region-dubai
                """, "/peers/0/code", "[A-Z]{3}");
    }

    @Test
    void regionNamesAreWhatLaunchesCanName() {
        assertRefused("""
                region:
                  name: Kuala_Lumpur
                  code: KUL
                """, "/region/name", "[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertRefused("""
                peers:
                  - name: liege-
                    code: LGG
                    kubeconfig:
                      existingSecret: region-liege
                """, "/peers/0/name", "[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    void podsCannotBeMadeToRunAsRoot() {
        assertRefused("""
                podSecurityContext:
                  runAsNonRoot: false
                """, "/podSecurityContext/runAsNonRoot");
    }

    @Test
    void whatTheSchemaCannotSayTheTemplatesRefuseInWords() {
        assertRefused("""
                peers:
                  - name: hangzhou
                    code: HGX
                    kubeconfig:
                      existingSecret: region-hangzhou
                """, "region \"hangzhou\" is listed twice");
        assertRefused("""
                peers:
                  - name: dubai
                    code: HGH
                    kubeconfig:
                      existingSecret: region-dubai
                """, "region code \"HGH\" of dubai is already used");
    }

    @Test
    void aPeerWithAKubeconfigSourceIsAccepted() {
        assertThat(Chart.render(Chart.writeValues(dir, """
                peers:
                  - name: dubai
                    code: DXB
                    kubeconfig:
                      value: "apiVersion: v1"
                """)).objects()).isNotEmpty();
    }

    @Test
    void aMisspelledKeyIsRefusedAnywhereInTheValues() {
        assertRefused("""
                gatway:
                  replicas: 3
                """, "gatway");
        assertRefused("""
                gateway:
                  replicsa: 3
                """, "/gateway", "replicsa");
        assertRefused("""
                networkPolicy:
                  egress:
                    enabeld: true
                """, "/networkPolicy/egress", "enabeld");
        assertRefused("""
                jobs:
                  recovery:
                    serviceAcount:
                      create: false
                """, "/jobs/recovery", "serviceAcount");
    }

    @Test
    void disruptionBudgetTakesANumberOrAPercentageButNeverZero() {
        assertRefused("""
                gateway:
                  podDisruptionBudget:
                    maxUnavailable: 0
                """, "/gateway/podDisruptionBudget/maxUnavailable");
        assertRefused("""
                gateway:
                  podDisruptionBudget:
                    maxUnavailable: "0%"
                """, "/gateway/podDisruptionBudget/maxUnavailable");
        assertRefused("""
                gateway:
                  podDisruptionBudget:
                    maxUnavailable: half
                """, "/gateway/podDisruptionBudget/maxUnavailable");
        assertThat(Chart.render(Chart.writeValues(dir, """
                gateway:
                  podDisruptionBudget:
                    maxUnavailable: "25%"
                """)).one(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class, "rocket-express-gateway")
                .getSpec().getMaxUnavailable().getStrVal()).isEqualTo("25%");
    }

    @Test
    void moreThanOneOperatorWithoutLeaderElectionIsRefused() {
        assertRefused("""
                operator:
                  replicas: 2
                  leaderElection:
                    enabled: false
                """, "operator.replicas is 2 but operator.leaderElection.enabled is false");
        assertThat(Chart.render(Chart.writeValues(dir, """
                operator:
                  replicas: 2
                """)).one(io.fabric8.kubernetes.api.model.apps.Deployment.class, "rocket-express-operator")
                .getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void imageDigestsAreShaDigests() {
        assertRefused("""
                gateway:
                  image:
                    name: rocket-express-gateway
                    digest: latest
                """, "/gateway/image/digest");
    }

    @Test
    void alertThresholdsAreRatiosDurationsAndMinutesOfRealPhases() {
        assertRefused("""
                prometheusRule:
                  gateway5xxRatio: 5
                """, "/prometheusRule/gateway5xxRatio");
        assertRefused("""
                prometheusRule:
                  regionUnreachableFor: five minutes
                """, "/prometheusRule/regionUnreachableFor");
        assertRefused("""
                prometheusRule:
                  launchStuckMinutes:
                    Flying: 30
                """, "/prometheusRule/launchStuckMinutes", "Flying");
        assertRefused("""
                prometheusRule:
                  launchStuckMinutes:
                    InFlight: 0
                """, "/prometheusRule/launchStuckMinutes/InFlight");
        assertRefused("""
                prometheusRule:
                  runbookUrl: operations.md#here
                """, "/prometheusRule/runbookUrl");
    }

    @Test
    void dashboardsTakeOnlyTheirOwnSettings() {
        assertRefused("""
                dashboards:
                  enabled: true
                  folder: Rocket Express
                """, "/dashboards", "folder");
        assertRefused("""
                dashboards:
                  labels:
                    grafana_dashboard: 1
                """, "/dashboards/labels/grafana_dashboard");
    }

    private void assertRefused(String values, String... told) {
        Path file = Chart.writeValues(dir, values);
        assertThatThrownBy(() -> Chart.render(file))
                .satisfies(refusal -> assertThat(refusal.getMessage()).contains(told));
    }
}
