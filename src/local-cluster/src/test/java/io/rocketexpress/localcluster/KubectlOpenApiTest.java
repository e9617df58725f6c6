package io.rocketexpress.localcluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The real kubectl's commands that read OpenAPI; skipped where kubectl is not installed. */
class KubectlOpenApiTest {

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
    void explainPrintsAFieldsDescription() {
        KubectlBinary kubectl = KubectlBinary.forCluster(cluster, "explained");

        KubectlBinary.Result result = kubectl.run("explain", "launch.spec.window");

        assertThat(result.exitCode()).as(result.all()).isZero();
        // kubectl 1.27+ reads OpenAPI v3 and prints "FIELD:", older ones read v2 (protobuf) and print "RESOURCE:"
        assertThat(result.out()).containsPattern("KIND: +Launch").containsPattern("(FIELD|RESOURCE): window <Object>")
                .contains("Liftoff window.", "opensAt", "RFC 3339");
    }

    @Test
    void applyOfTheExamplesValidatesWithoutBeingToldNotTo() throws Exception {
        KubectlBinary kubectl = KubectlBinary.forCluster(cluster, "applied");
        Path examples = Path.of("../../k8s/examples");
        assertThat(Files.isDirectory(examples)).isTrue();

        KubectlBinary.Result first = kubectl.run("apply", "-f", examples.toString());
        KubectlBinary.Result again = kubectl.run("apply", "-f", examples.toString());

        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("vehicle.rocketexpress.io/xzy-1-001 created", "launch.rocketexpress.io/");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains("vehicle.rocketexpress.io/xzy-1-001 unchanged");
    }
}
