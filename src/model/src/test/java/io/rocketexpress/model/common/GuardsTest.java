package io.rocketexpress.model.common;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardsTest {

    private static final Duration SHORT = Duration.ofMillis(1);

    private static Guards.Policy policy(Duration timeout, int retries, int volume, double ratio) {
        return new Guards.Policy(timeout, retries, SHORT, volume, ratio, Duration.ofMinutes(1));
    }

    private static final class Fault extends RuntimeException {
        Fault() {
            super("fault");
        }
    }

    private static final class Answer extends RuntimeException {
        Answer() {
            super("answer");
        }
    }

    private static int attempts(Guard guard, RuntimeException failure) {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> guard.call(() -> {
            attempts.incrementAndGet();
            throw failure;
        }, Object.class)).isInstanceOf(failure.getClass());
        return attempts.get();
    }

    @Test
    void anAttemptThatHangsEndsAtTheConfiguredTimeout() {
        Guard guard = Guards.guard("hanging calls", policy(Duration.ofMillis(100), 0, 10, 1)).build();
        CountDownLatch never = new CountDownLatch(1);
        long started = System.nanoTime();
        assertThatThrownBy(() -> guard.call(() -> never.await(1, TimeUnit.MINUTES), Boolean.class))
                .isInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aFailedCallIsTriedAsOftenAsConfigured() {
        assertThat(attempts(Guards.guard("calls", policy(Duration.ofSeconds(5), 3, 100, 1)).build(), new Fault()))
                .isEqualTo(4);
        assertThat(attempts(Guards.guard("calls", policy(Duration.ofSeconds(5), 0, 100, 1)).build(), new Fault()))
                .isEqualTo(1);
    }

    @Test
    void onlyTheNamedFailuresAreTriedAgain() {
        Guards.Policy policy = policy(Duration.ofSeconds(5), 3, 100, 1);
        assertThat(attempts(Guards.guard("calls", policy).abortOn(Answer.class).build(), new Answer())).isEqualTo(1);
        assertThat(attempts(Guards.guard("calls", policy).retryOn(Fault.class).build(), new Answer())).isEqualTo(1);
        assertThat(attempts(Guards.guard("calls", policy).retryOn(Fault.class).build(), new Fault())).isEqualTo(4);
        assertThat(attempts(Guards.guard("calls", policy).noRetry().build(), new Fault())).isEqualTo(1);
    }

    @Test
    void theBreakerOpensAfterTheConfiguredVolumeOfFailuresAndSaysSo() {
        List<CircuitBreakerState> states = new CopyOnWriteArrayList<>();
        Guard guard = Guards.guard("calls", policy(Duration.ofSeconds(5), 0, 3, 1)).breaker("guards-test-open")
                .onStateChange(states::add).build();
        for (int i = 0; i < 3; i++) {
            attempts(guard, new Fault());
        }
        AtomicInteger reached = new AtomicInteger();
        assertThatThrownBy(() -> guard.call(reached::incrementAndGet, Integer.class))
                .isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(reached).hasValue(0);
        assertThat(states).containsExactly(CircuitBreakerState.OPEN);
    }

    @Test
    void answersThatAreNotFaultsLeaveTheBreakerClosed() throws Exception {
        AtomicInteger successes = new AtomicInteger();
        Guard guard = Guards.guard("calls", policy(Duration.ofSeconds(5), 0, 2, 1)).breaker("guards-test-skip")
                .skipOn(Answer.class).onSuccess(successes::incrementAndGet).build();
        for (int i = 0; i < 5; i++) {
            attempts(guard, new Answer());
        }
        AtomicInteger reached = new AtomicInteger();
        guard.call(reached::incrementAndGet, Integer.class);
        assertThat(reached).hasValue(1);
        assertThat(successes).hasValue(6);
    }

    @Test
    void retriesOnlyNeitherTimesNorBreaks() {
        Guard guard = Guards.guard("outer", policy(Duration.ofMillis(50), 1, 1, 1)).breaker("guards-test-outer")
                .retriesOnly().build();
        for (int i = 0; i < 3; i++) {
            assertThat(attempts(guard, new Fault())).isEqualTo(2);
        }
    }

    @Test
    void backoffDoublesFromTheRetryDelayUpToTheCap() {
        Guards.Policy policy = new Guards.Policy(Duration.ofSeconds(10), 0, Duration.ofSeconds(2), 4, 0.5,
                Duration.ofSeconds(30));
        Duration cap = Duration.ofSeconds(20);
        assertThat(List.of(policy.backoff(0, cap), policy.backoff(1, cap), policy.backoff(2, cap),
                policy.backoff(3, cap), policy.backoff(4, cap), policy.backoff(400, cap)))
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4),
                        Duration.ofSeconds(8), Duration.ofSeconds(16), cap);
        assertThat(policy.maxRetryDelay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aPolicyThatCannotWorkIsRefusedWithItsReason() {
        assertThatThrownBy(() -> new Guards.Policy(Duration.ZERO, 0, SHORT, 1, 1, SHORT))
                .hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> new Guards.Policy(SHORT, -1, SHORT, 1, 1, SHORT))
                .hasMessageContaining("retries cannot be negative");
        assertThatThrownBy(() -> new Guards.Policy(SHORT, 0, SHORT, 0, 1, SHORT))
                .hasMessageContaining("volume of at least 1");
        assertThatThrownBy(() -> new Guards.Policy(SHORT, 0, SHORT, 1, 0, SHORT))
                .hasMessageContaining("failure ratio must be in (0, 1]");
        assertThatThrownBy(() -> new Guards.Policy(SHORT, 0, SHORT.negated(), 1, 1, SHORT))
                .hasMessageContaining("retry delay cannot be negative");
    }
}
