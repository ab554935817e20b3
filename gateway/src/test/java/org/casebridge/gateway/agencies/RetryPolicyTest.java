package org.casebridge.gateway.agencies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The back-off arithmetic: constant, progressive, the cap, and when the policy gives up. */
class RetryPolicyTest {

    @Test
    void constantWaitsTheFirstDelayEveryTime() {
        RetryPolicy policy = RetryPolicy.constant(Duration.ofSeconds(3), 5);
        assertThat(IntStream.rangeClosed(1, 4).mapToObj(policy::delayAfter))
                .containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    void progressiveMultipliesUpToTheCap() {
        RetryPolicy policy = RetryPolicy.progressive(Duration.ofSeconds(1), Duration.ofSeconds(20), 2, 20);
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(policy::delayAfter)).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(20), Duration.ofSeconds(20));
    }

    @Test
    void progressiveWithAFractionalMultiplier() {
        RetryPolicy policy = RetryPolicy.progressive(Duration.ofMillis(400), Duration.ofSeconds(1), 1.5, 9);
        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofMillis(600));
        assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofMillis(900));
        assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aLongRunOfFailuresStaysAtTheCapWithoutOverflow() {
        RetryPolicy policy = RetryPolicy.progressive(Duration.ofSeconds(1), Duration.ofMinutes(5), 10, 10_000);
        assertThat(policy.delayAfter(64)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.delayAfter(9_999)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void givesUpAfterMaxAttemptsFailures() {
        RetryPolicy policy = RetryPolicy.constant(Duration.ofMillis(100), 3);
        assertThat(policy.exhausted(0)).isFalse();
        assertThat(policy.exhausted(2)).isFalse();
        assertThat(policy.exhausted(3)).isTrue();
        assertThat(policy.exhausted(4)).isTrue();
    }

    @Test
    void refusesInconsistentPolicies() {
        assertThatThrownBy(() -> RetryPolicy.progressive(Duration.ofSeconds(10), Duration.ofSeconds(1), 2, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.constant(Duration.ZERO, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.constant(Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.constant(Duration.ofSeconds(1), 3).delayAfter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
