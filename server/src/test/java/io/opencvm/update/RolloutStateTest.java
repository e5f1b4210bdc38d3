package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A rollout's states as a table: only a rolling rollout moves, and only to an end. */
class RolloutStateTest {

    @ParameterizedTest
    @CsvSource({
            "rolling, completed, true", "rolling, halted, true", "rolling, cancelled, true", "rolling, rolling, false",
            "completed, halted, false", "halted, completed, false", "cancelled, completed, false",
            "completed, completed, false"})
    void onlyARollingRolloutEndsAndAnEndedOneNeverMovesAgain(String from, String to, boolean allowed) {
        RolloutState state = RolloutState.fromWire(from);
        RolloutState next = RolloutState.fromWire(to);

        if (allowed) {
            assertThat(state.endAs(next)).isEqualTo(next);
            assertThat(next.ended()).isTrue();
        } else {
            assertThatThrownBy(() -> state.endAs(next)).isInstanceOf(IllegalStateException.class);
        }
    }
}
