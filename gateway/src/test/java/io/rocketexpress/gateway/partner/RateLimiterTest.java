package io.rocketexpress.gateway.partner;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(10, 3, nanos::get);
    private final UUID partner = UUID.randomUUID();

    @Test
    void burstIsAdmittedThenTheCallerIsToldHowLongToWait() {
        assertThat(limiter.acquire(partner)).isEmpty();
        assertThat(limiter.acquire(partner)).isEmpty();
        assertThat(limiter.acquire(partner)).isEmpty();

        assertThat(limiter.acquire(partner)).contains(Duration.ofMillis(100));
    }

    @Test
    void tokensComeBackAtTheSustainedRate() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire(partner);
        }
        nanos.addAndGet(Duration.ofMillis(250).toNanos());

        assertThat(limiter.acquire(partner)).isEmpty();
        assertThat(limiter.acquire(partner)).isEmpty();
        assertThat(limiter.acquire(partner)).isPresent();
    }

    @Test
    void partnersHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire(partner);
        }

        assertThat(limiter.acquire(partner)).isPresent();
        assertThat(limiter.acquire(UUID.randomUUID())).isEmpty();
    }
}
