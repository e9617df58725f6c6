package io.rocketexpress.model.launch;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LaunchWindowTest {

    @Test
    void opensAtIsParsedOnceAndFollowsItsValue() {
        LaunchWindow window = new LaunchWindow("2026-12-01T08:30:00+08:00", "2026-12-01T09:30:00+08:00");
        Instant opens = window.opensInstant();
        assertThat(opens).isEqualTo(Instant.parse("2026-12-01T00:30:00Z"));
        assertThat(window.opensInstant()).isSameAs(opens);

        window.setOpensAt("2026-12-02T00:00:00Z");
        assertThat(window.opensInstant()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
    }

    @Test
    void theParsedTimeIsNeverWritten() {
        LaunchWindow window = new LaunchWindow("2026-12-01T00:00:00Z", "2026-12-01T01:00:00Z");
        window.opensInstant();
        assertThat(new KubernetesSerialization().asJson(window))
                .isEqualTo("{\"opensAt\":\"2026-12-01T00:00:00Z\",\"closesAt\":\"2026-12-01T01:00:00Z\"}");
    }
}
