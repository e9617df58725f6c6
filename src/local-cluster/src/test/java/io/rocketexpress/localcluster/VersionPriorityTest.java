package io.rocketexpress.localcluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VersionPriorityTest {

    @Test
    void generallyAvailableOutranksBetaOutranksAlphaThenOddNames() {
        List<String> versions = List.of("v1alpha1", "foo1", "v1beta1", "v11alpha2", "v2", "v1", "v12beta3", "v10beta3",
                "foo10", "v3beta1", "v10", "v11beta2");

        assertThat(versions.stream().sorted(VersionPriority.INSTANCE).toList()).containsExactly(
                "v10", "v2", "v1", "v12beta3", "v11beta2", "v10beta3", "v3beta1", "v1beta1", "v11alpha2", "v1alpha1",
                "foo1", "foo10");
    }
}
