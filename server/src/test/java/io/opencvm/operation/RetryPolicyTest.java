package io.opencvm.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), 5);

    @Test
    void backoffDoublesUpToTheCapAndStopsAtTheMaximumAttempts() {
        assertThat(policy.delayAfter(1)).hasValue(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(2)).hasValue(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(3)).hasValue(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(4)).hasValue(Duration.ofSeconds(8));
        assertThat(policy.delayAfter(5)).isEmpty();
        assertThat(new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), 100).delayAfter(60))
                .hasValue(Duration.ofSeconds(10));
    }

    @Test
    void aPolicyWhoseCapIsBelowItsFirstDelayIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
