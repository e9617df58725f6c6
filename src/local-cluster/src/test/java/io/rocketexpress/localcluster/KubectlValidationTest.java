package io.rocketexpress.localcluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The real kubectl's writes refused as a real cluster refuses them; skipped where kubectl is not installed. */
class KubectlValidationTest {

    private static LocalCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void applyRefusesAMisspelledField() {
        KubectlBinary kubectl = KubectlBinary.forCluster(cluster, "kubectl-validated");

        KubectlBinary.Result result = kubectl.runWithInput(launchYaml("typo", "windw", "06:00", "07:00"), "apply", "-f", "-");

        assertThat(result.exitCode()).isNotZero();
        // kubectl 1.27+ leaves it to the server (strict decoding error), older ones check the OpenAPI v2 schema
        assertThat(result.err()).containsPattern("strict decoding error: unknown field \"spec.windw\"|unknown field \"windw\"");
    }

    @Test
    void applyRefusesAWindowThatClosesBeforeItOpens() {
        KubectlBinary kubectl = KubectlBinary.forCluster(cluster, "kubectl-validated");

        KubectlBinary.Result result = kubectl.runWithInput(launchYaml("backwards", "window", "07:00", "06:00"), "apply", "-f", "-");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("The Launch \"backwards\" is invalid", "spec.window",
                "window.closesAt must be after window.opensAt");
    }

    @Test
    void applyTakesAValidLaunchAndThenAnUpdateOfIt() {
        KubectlBinary kubectl = KubectlBinary.forCluster(cluster, "kubectl-validated");

        KubectlBinary.Result created = kubectl.runWithInput(launchYaml("hgh-dxb-0600", "window", "06:00", "07:00"), "apply", "-f", "-");
        KubectlBinary.Result updated = kubectl.runWithInput(launchYaml("hgh-dxb-0600", "window", "06:00", "08:00"), "apply", "-f", "-");
        KubectlBinary.Result broken = kubectl.runWithInput(launchYaml("hgh-dxb-0600", "window", "06:00", "05:00"), "apply", "-f", "-");

        assertThat(created.exitCode()).as(created.all()).isZero();
        assertThat(updated.exitCode()).as(updated.all()).isZero();
        assertThat(updated.out()).contains("launch.rocketexpress.io/hgh-dxb-0600 configured");
        assertThat(broken.exitCode()).isNotZero();
        assertThat(broken.err()).contains("window.closesAt must be after window.opensAt");
    }

    @Test
    void serverSideApplyOwnsFieldsAndReportsConflicts() {
        KubectlBinary kubectl = KubectlBinary.forCluster(cluster, "kubectl-validated");

        KubectlBinary.Result applied = kubectl.runWithInput(launchYaml("hgh-lgg-0900", "window", "06:00", "07:00"),
                "apply", "--server-side", "-f", "-");
        KubectlBinary.Result conflict = kubectl.runWithInput(launchYaml("hgh-lgg-0900", "window", "06:00", "08:00"),
                "apply", "--server-side", "--field-manager=gitops", "-f", "-");
        KubectlBinary.Result forced = kubectl.runWithInput(launchYaml("hgh-lgg-0900", "window", "06:00", "08:00"),
                "apply", "--server-side", "--field-manager=gitops", "--force-conflicts", "-f", "-");

        assertThat(applied.exitCode()).as(applied.all()).isZero();
        assertThat(applied.out()).contains("launch.rocketexpress.io/hgh-lgg-0900 serverside-applied");
        assertThat(conflict.exitCode()).isNotZero();
        assertThat(conflict.err()).contains("conflict with \"kubectl\"", ".spec.window.closesAt");
        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(kubectl.run("get", "launch", "hgh-lgg-0900", "-o", "jsonpath={.spec.window.closesAt}").out())
                .isEqualTo("2026-12-01T08:00:00Z");
    }

    private static String launchYaml(String name, String windowField, String opens, String closes) {
        return """
                apiVersion: rocketexpress.io/v1alpha1
                kind: Launch
                metadata:
                  name: %s
                spec:
                  origin: hangzhou
                  destination: dubai
                  %s:
                    opensAt: "2026-12-01T%s:00Z"
                    closesAt: "2026-12-01T%s:00Z"
                """.formatted(name, windowField, opens, closes);
    }
}
