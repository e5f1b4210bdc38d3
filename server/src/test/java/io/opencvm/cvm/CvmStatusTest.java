package io.opencvm.cvm;

import static io.opencvm.cvm.CvmStatus.DELETED;
import static io.opencvm.cvm.CvmStatus.DELETING;
import static io.opencvm.cvm.CvmStatus.FAILED;
import static io.opencvm.cvm.CvmStatus.PROVISIONING;
import static io.opencvm.cvm.CvmStatus.RESTARTING;
import static io.opencvm.cvm.CvmStatus.RUNNING;
import static io.opencvm.cvm.CvmStatus.STARTING;
import static io.opencvm.cvm.CvmStatus.STOPPED;
import static io.opencvm.cvm.CvmStatus.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.cvm.CvmStatus.Decision;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CvmStatusTest {

    static Stream<Arguments> allowedMoves() {
        return Stream.of(
                Arguments.of(PROVISIONING, STARTING), Arguments.of(PROVISIONING, RUNNING),
                Arguments.of(PROVISIONING, FAILED), Arguments.of(PROVISIONING, DELETING),
                Arguments.of(STARTING, RUNNING), Arguments.of(STARTING, FAILED), Arguments.of(STARTING, STOPPING),
                Arguments.of(STARTING, STOPPED), Arguments.of(STARTING, RESTARTING), Arguments.of(STARTING, DELETING),
                Arguments.of(RUNNING, STARTING), Arguments.of(RUNNING, STOPPING), Arguments.of(RUNNING, STOPPED),
                Arguments.of(RUNNING, RESTARTING), Arguments.of(RUNNING, FAILED), Arguments.of(RUNNING, DELETING),
                Arguments.of(STOPPING, STOPPED), Arguments.of(STOPPING, FAILED), Arguments.of(STOPPING, DELETING),
                Arguments.of(STOPPED, STARTING), Arguments.of(STOPPED, RUNNING), Arguments.of(STOPPED, FAILED),
                Arguments.of(STOPPED, DELETING),
                Arguments.of(RESTARTING, STARTING), Arguments.of(RESTARTING, RUNNING), Arguments.of(RESTARTING, STOPPING),
                Arguments.of(RESTARTING, FAILED), Arguments.of(RESTARTING, DELETING),
                Arguments.of(FAILED, STARTING), Arguments.of(FAILED, RUNNING), Arguments.of(FAILED, STOPPING),
                Arguments.of(FAILED, STOPPED), Arguments.of(FAILED, RESTARTING), Arguments.of(FAILED, DELETING),
                Arguments.of(DELETING, DELETED), Arguments.of(DELETING, FAILED));
    }

    @ParameterizedTest(name = "{0} -> {1} is allowed")
    @MethodSource("allowedMoves")
    void everyAllowedMoveSucceeds(CvmStatus from, CvmStatus to) {
        assertThat(from.moveTo(to)).isEqualTo(to);
    }

    @Test
    void theAllowedTableIsExactlyTheListAbove() {
        long listed = allowedMoves().count();
        long declared = Stream.of(CvmStatus.values()).mapToLong(s -> s.next().size()).sum();
        assertThat(declared).isEqualTo(listed);
    }

    static Stream<Arguments> illegalMoves() {
        return Stream.of(
                Arguments.of(DELETED, RUNNING), Arguments.of(DELETED, DELETING), Arguments.of(RUNNING, PROVISIONING),
                Arguments.of(DELETING, RUNNING), Arguments.of(STOPPED, STOPPING), Arguments.of(STOPPING, RUNNING),
                Arguments.of(PROVISIONING, DELETED), Arguments.of(RUNNING, DELETED), Arguments.of(STOPPED, RESTARTING));
    }

    @ParameterizedTest(name = "{0} -> {1} throws")
    @MethodSource("illegalMoves")
    void anIllegalMoveThrows(CvmStatus from, CvmStatus to) {
        assertThatThrownBy(() -> from.moveTo(to)).isInstanceOf(CvmStatus.IllegalTransition.class)
                .hasMessageContaining(from.wire()).hasMessageContaining(to.wire());
    }

    @ParameterizedTest
    @EnumSource(CvmStatus.class)
    void stayingPutIsAlwaysAllowedAndWireNamesRoundTrip(CvmStatus status) {
        assertThat(status.moveTo(status)).isEqualTo(status);
        assertThat(CvmStatus.fromWire(status.wire())).isEqualTo(status);
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of(RUNNING, CvmAction.START, Decision.ALREADY),
                Arguments.of(STOPPED, CvmAction.START, Decision.ENQUEUE),
                Arguments.of(FAILED, CvmAction.START, Decision.ENQUEUE),
                Arguments.of(STOPPING, CvmAction.START, Decision.REFUSE),
                Arguments.of(RUNNING, CvmAction.STOP, Decision.ENQUEUE),
                Arguments.of(STOPPED, CvmAction.STOP, Decision.ALREADY),
                Arguments.of(PROVISIONING, CvmAction.STOP, Decision.REFUSE),
                Arguments.of(RUNNING, CvmAction.SHUTDOWN, Decision.ENQUEUE),
                Arguments.of(STARTING, CvmAction.SHUTDOWN, Decision.REFUSE),
                Arguments.of(RUNNING, CvmAction.RESTART, Decision.ENQUEUE),
                Arguments.of(STOPPED, CvmAction.RESTART, Decision.REFUSE),
                Arguments.of(PROVISIONING, CvmAction.DELETE, Decision.ENQUEUE),
                Arguments.of(DELETING, CvmAction.DELETE, Decision.ALREADY),
                Arguments.of(DELETING, CvmAction.START, Decision.REFUSE));
    }

    @ParameterizedTest(name = "{1} on {0} -> {2}")
    @MethodSource("decisions")
    void actionsAreDecidedByTheStatus(CvmStatus status, CvmAction action, Decision expected) {
        assertThat(status.decide(action)).isEqualTo(expected);
    }

    @Test
    void onlyDeletedIsNotLiveAndNoStatusEntersProvisioning() {
        assertThat(EnumSet.allOf(CvmStatus.class).stream().filter(s -> !s.live())).containsExactly(DELETED);
        assertThat(EnumSet.allOf(CvmStatus.class).stream().filter(s -> s.next().contains(PROVISIONING))).isEmpty();
    }
}
