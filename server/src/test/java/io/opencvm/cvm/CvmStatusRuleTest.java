package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.operation.OperationKind;
import io.opencvm.operation.OperationState;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CvmStatusRuleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant BEFORE = T0.minusSeconds(10);
    private static final Instant AFTER = T0.plusSeconds(10);

    private static Observation node(String status, String progress, String error, String instance, Instant at) {
        return new Observation(status, progress, error, instance, null, null, at);
    }

    private static OperationView op(OperationKind kind, OperationState state) {
        return new OperationView(kind, state, state.inFlight() ? null : T0);
    }

    static Stream<Arguments> table() {
        Observation ready = node("running", "done", null, "b7e1c0ffee00112233445566778899aabbccddee", AFTER);
        Observation booting = node("running", "requesting app keys", null, null, AFTER);
        Observation bootError = node("running", "requesting app keys", "KMS denied the app key", null, AFTER);
        Observation exited = node("exited", "booting", null, null, AFTER);
        Observation stopped = node("stopped", null, null, null, AFTER);
        Observation stopping = node("stopping", null, null, null, AFTER);
        Observation absent = node(Observation.ABSENT, null, null, null, AFTER);
        Observation staleStopped = node("stopped", null, null, null, BEFORE);
        Observation staleRunning = node("running", "done", null, "b7e1c0ffee00112233445566778899aabbccddee", BEFORE);
        OperationView createPending = op(OperationKind.CREATE, OperationState.PENDING);
        OperationView createDone = op(OperationKind.CREATE, OperationState.SUCCEEDED);
        OperationView createFailed = op(OperationKind.CREATE, OperationState.FAILED);
        OperationView startDone = op(OperationKind.START, OperationState.SUCCEEDED);
        OperationView stopRunning = op(OperationKind.STOP, OperationState.RUNNING);
        OperationView stopDone = op(OperationKind.STOP, OperationState.SUCCEEDED);
        OperationView restartPending = op(OperationKind.RESTART, OperationState.PENDING);
        OperationView deletePending = op(OperationKind.DELETE, OperationState.PENDING);
        OperationView deleteDone = op(OperationKind.DELETE, OperationState.SUCCEEDED);
        return Stream.of(
                Arguments.of("create queued", DesiredState.RUNNING, false, Observation.NONE, createPending, CvmStatus.PROVISIONING),
                Arguments.of("created, not observed yet", DesiredState.RUNNING, true, Observation.NONE, createDone, CvmStatus.STARTING),
                Arguments.of("create refused by the node", DesiredState.RUNNING, false, Observation.NONE, createFailed, CvmStatus.FAILED),
                Arguments.of("guest booting", DesiredState.RUNNING, true, booting, createDone, CvmStatus.STARTING),
                Arguments.of("guest ready", DesiredState.RUNNING, true, ready, createDone, CvmStatus.RUNNING),
                Arguments.of("running without instance id is not ready", DesiredState.RUNNING, true,
                        node("running", "done", null, null, AFTER), createDone, CvmStatus.STARTING),
                Arguments.of("boot error", DesiredState.RUNNING, true, bootError, createDone, CvmStatus.FAILED),
                Arguments.of("exited", DesiredState.RUNNING, true, exited, createDone, CvmStatus.FAILED),
                Arguments.of("vm vanished", DesiredState.RUNNING, true, absent, createDone, CvmStatus.FAILED),
                Arguments.of("stopped on the node", DesiredState.RUNNING, true, stopped, startDone, CvmStatus.STOPPED),
                Arguments.of("start done, stale stopped report", DesiredState.RUNNING, true, staleStopped, startDone, CvmStatus.STARTING),
                Arguments.of("stop under way", DesiredState.STOPPED, true, ready, stopRunning, CvmStatus.STOPPING),
                Arguments.of("stop done, stale running report", DesiredState.STOPPED, true, staleRunning, stopDone, CvmStatus.STOPPING),
                Arguments.of("stop done, node stopping", DesiredState.STOPPED, true, stopping, stopDone, CvmStatus.STOPPING),
                Arguments.of("stop done, node stopped", DesiredState.STOPPED, true, stopped, stopDone, CvmStatus.STOPPED),
                Arguments.of("restart queued", DesiredState.RUNNING, true, ready, restartPending, CvmStatus.RESTARTING),
                Arguments.of("delete queued", DesiredState.DELETED, true, ready, deletePending, CvmStatus.DELETING),
                Arguments.of("delete done, node still removing", DesiredState.DELETED, true,
                        node("removing", null, null, null, AFTER), deleteDone, CvmStatus.DELETING),
                Arguments.of("delete done, vm gone", DesiredState.DELETED, true, absent, deleteDone, CvmStatus.DELETED),
                Arguments.of("delete done, never reached the node", DesiredState.DELETED, false, Observation.NONE, deleteDone,
                        CvmStatus.DELETED));
    }

    @ParameterizedTest(name = "{0} -> {5}")
    @MethodSource("table")
    void statusIsDerivedFromDesiredObservedAndTheNewestOperation(String situation, DesiredState desired, boolean onNode,
                                                                   Observation observed, OperationView latest,
                                                                   CvmStatus expected) {
        assertThat(CvmStatusRule.derive(desired, onNode, observed, latest)).isEqualTo(expected);
    }
}
