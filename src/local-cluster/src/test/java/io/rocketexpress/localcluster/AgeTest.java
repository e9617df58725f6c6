package io.rocketexpress.localcluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AgeTest {

    @Test
    void growsCoarserAsTimePasses() {
        assertThat(Age.of(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Age.of(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(Age.of(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(Age.of(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Age.of(Duration.ofMinutes(140))).isEqualTo("140m");
        assertThat(Age.of(Duration.ofMinutes(320))).isEqualTo("5h20m");
        assertThat(Age.of(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(Age.of(Duration.ofHours(76))).isEqualTo("3d4h");
        assertThat(Age.of(Duration.ofDays(40))).isEqualTo("40d");
        assertThat(Age.of(Duration.ofDays(740))).isEqualTo("2y10d");
        assertThat(Age.of(Duration.ofDays(3000))).isEqualTo("8y");
    }

    @Test
    void aMomentInTheFutureIsInvalidBeyondClockSkew() {
        assertThat(Age.of(Duration.ofMillis(-500))).isEqualTo("0s");
        assertThat(Age.of(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    }
}
