package io.rocketexpress.model.region;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegionRegistryTest {

    private final Region hangzhou = new Region("hangzhou", "HGH", "rocket-express", ClusterAccess.LOCAL);
    private final Region dubai = new Region("dubai", "DXB", "rocket-express",
            new ClusterAccess.KubeconfigSecret("region-dubai", null));

    @Test
    void findsRegionsByNameAndByCode() {
        RegionRegistry registry = new RegionRegistry(List.of(hangzhou, dubai));

        assertThat(registry.byName("dubai")).contains(dubai);
        assertThat(registry.byCode("HGH")).contains(hangzhou);
        assertThat(registry.byName("liege")).isEmpty();
        assertThat(registry.byCode(null)).isEmpty();
        assertThat(registry.local()).contains(hangzhou);
        assertThat(registry.names()).isEqualTo("hangzhou, dubai");
    }

    @Test
    void kubeconfigKeyDefaultsToKubeconfig() {
        assertThat(((ClusterAccess.KubeconfigSecret) dubai.cluster()).key()).isEqualTo("kubeconfig");
        assertThat(dubai.isLocal()).isFalse();
    }

    @Test
    void refusesTheSameNameTwice() {
        Region again = new Region("dubai", "DXA", "ns", ClusterAccess.LOCAL);

        assertThatThrownBy(() -> new RegionRegistry(List.of(dubai, again)))
                .hasMessage("region dubai is configured twice");
    }

    @Test
    void refusesTheSameCodeTwice() {
        Region clash = new Region("doha", "DXB", "ns", new ClusterAccess.KubeconfigSecret("doha", "config"));

        assertThatThrownBy(() -> new RegionRegistry(List.of(dubai, clash)))
                .hasMessage("regions dubai and doha share the code DXB");
    }

    @Test
    void refusesTwoLocalRegions() {
        Region liege = new Region("liege", "LGG", "ns", ClusterAccess.LOCAL);

        assertThatThrownBy(() -> new RegionRegistry(List.of(hangzhou, liege)))
                .hasMessageContaining("only one region can be this cluster");
    }

    @Test
    void regionNamesAndCodesAreValidated() {
        assertThatThrownBy(() -> new Region("Kuala Lumpur", "KUL", "ns", ClusterAccess.LOCAL))
                .hasMessageContaining("is not a DNS label");
        assertThatThrownBy(() -> new Region("kuala-lumpur", "KL", "ns", ClusterAccess.LOCAL))
                .hasMessageContaining("three upper-case letters");
        assertThatThrownBy(() -> new Region("kuala-lumpur", "KUL", "NS", ClusterAccess.LOCAL))
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> new Region("kuala-lumpur", "KUL", "ns", null))
                .hasMessageContaining("no cluster access");
        assertThatThrownBy(() -> new ClusterAccess.KubeconfigSecret(" ", "kubeconfig"))
                .hasMessageContaining("needs a name");
    }
}
