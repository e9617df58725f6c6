package io.rocketexpress.gateway.pages;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages' limit per client address. */
class VisitorLimitTest {

    private final AtomicLong nanos = new AtomicLong();
    private final VisitorLimit limit = new VisitorLimit(2, 3, nanos::get);

    @Test
    void eachAddressHasItsOwnBurstThenItsRate() {
        for (int i = 0; i < 3; i++) {
            assertThat(limit.acquire("192.0.2.1")).isEmpty();
        }
        assertThat(limit.acquire("192.0.2.1")).contains(Duration.ofMillis(500));
        assertThat(limit.acquire("192.0.2.2")).isEmpty();
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(limit.acquire("192.0.2.1")).isEmpty();
    }

    @Test
    void onlyPagesAreCounted() {
        assertThat(VisitorLimit.isPage("/board")).isTrue();
        assertThat(VisitorLimit.isPage("/board/events")).isTrue();
        assertThat(VisitorLimit.isPage("/track")).isTrue();
        assertThat(VisitorLimit.isPage("/track/HGH0000000000000/events")).isTrue();
        assertThat(VisitorLimit.isPage("/pages/pages.css")).isFalse();
        assertThat(VisitorLimit.isPage("/v1/tracking/HGH0000000000000")).isFalse();
        assertThat(VisitorLimit.isPage("/boarding")).isFalse();
    }

    @Test
    void addressesThatWentQuietAreForgottenSoTheTableStaysBounded() {
        for (int i = 0; i <= 10_001; i++) {
            limit.acquire("10.0." + (i / 256) + "." + (i % 256));
        }
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        limit.acquire("192.0.2.9");
        assertThat(limit.addresses()).isEqualTo(1);
    }
}
