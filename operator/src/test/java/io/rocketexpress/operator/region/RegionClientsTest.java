package io.rocketexpress.operator.region;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rocketexpress.operator.InProcessCluster;
import io.rocketexpress.localcluster.LocalCluster;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

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
            client.resource(new ConfigMapBuilder().withNewMetadata().withName("hello").endMetadata()
                    .withData(Map.of("from", "hangzhou")).build()).create();

            assertThat(dubai.client().configMaps().inNamespace("rocket-express").withName("hello").get().getData())
                    .containsEntry("from", "hangzhou");
            assertThat(regions.client("dubai")).isSameAs(client);
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
    void regionWithoutKubeconfigOrUnknownRegionIsReportedWithAReason() {
        assertThat(catchThrowableOfType(RegionUnavailable.class, () -> regions.client("kuala-lumpur")).reason())
                .isEqualTo(RegionUnavailable.NO_KUBECONFIG);
        RegionUnavailable unknown = catchThrowableOfType(RegionUnavailable.class, () -> regions.client("atlantis"));
        assertThat(unknown.reason()).isEqualTo(RegionUnavailable.UNKNOWN_REGION);
        assertThat(unknown.getMessage()).contains("atlantis", "hangzhou", "dubai", "liege", "kuala-lumpur");
    }
}
