package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Status writes as kubectl sends them ({@code kubectl patch --subresource=status}), query string and all. */
class StatusWriteTest {

    private static final String VEHICLES = "/apis/rocketexpress.io/v1alpha1/namespaces/status/vehicles";

    private static LocalCluster cluster;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster();
        kubectl = new Kubectl(cluster);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aStatusPatchNamingItsFieldManagerWritesTheStatusAndLeavesTheSpec() throws Exception {
        assertThat(kubectl.post(VEHICLES, """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Vehicle","metadata":{"name":"xzy-1-004"},
                 "spec":{"homeRegion":"dubai"}}""").statusCode()).isEqualTo(201);

        int code = kubectl.mergePatch(VEHICLES + "/xzy-1-004/status?fieldManager=kubectl-patch",
                "{\"spec\":{\"homeRegion\":\"liege\"},\"status\":{\"phase\":\"Grounded\"}}").statusCode();

        assertThat(code).isLessThan(300);
        JsonNode stored = new ObjectMapper().readTree(kubectl.get(VEHICLES + "/xzy-1-004", Kubectl.JSON).body());
        assertThat(stored.path("status").path("phase").asText()).isEqualTo("Grounded");
        assertThat(stored.path("spec").path("homeRegion").asText()).isEqualTo("dubai");
    }
}
