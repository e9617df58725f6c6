package io.rocketexpress.gateway.webhook;

import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1));

    @RepeatedTest(20)
    void waitDoublesAfterEachFailureWithJitterUpToTheLongest() {
        assertThat(backoff.after(1)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
        assertThat(backoff.after(2)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(backoff.after(3)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertThat(backoff.after(5)).isBetween(Duration.ofSeconds(30), Duration.ofMinutes(1));
        assertThat(backoff.after(500)).isBetween(Duration.ofSeconds(30), Duration.ofMinutes(1));
    }
}
