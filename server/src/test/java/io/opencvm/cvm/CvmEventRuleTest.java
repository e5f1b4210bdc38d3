package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.operation.OperationKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CvmEventRuleTest {

    @ParameterizedTest(name = "{0} -> {1} after {2}: {3}")
    @CsvSource(nullValues = "-", value = {
            "PROVISIONING, RUNNING, CREATE, cvm.started",
            "STARTING, RUNNING, CREATE, cvm.started",
            "STARTING, RUNNING, START, cvm.started",
            "STOPPED, RUNNING, -, cvm.started",
            "RESTARTING, RUNNING, RESTART, cvm.restarted",
            "STARTING, RUNNING, RESTART, cvm.restarted",
            "STOPPING, STOPPED, STOP, cvm.stopped",
            "STOPPING, STOPPED, SHUTDOWN, cvm.stopped",
            "DELETING, DELETED, DELETE, cvm.deleted",
            "PROVISIONING, DELETED, -, cvm.deleted",
            "PROVISIONING, FAILED, CREATE, cvm.create_failed",
            "STARTING, FAILED, CREATE, cvm.create_failed",
            "STARTING, FAILED, START, -",
            "RUNNING, FAILED, RESTART, -",
            "RUNNING, STOPPING, STOP, -",
            "RUNNING, RESTARTING, RESTART, -",
            "STOPPED, STARTING, START, -",
            "RUNNING, DELETING, DELETE, -",
            "RUNNING, RUNNING, START, -"})
    void eachMoveReportsAtMostOneEvent(CvmStatus from, CvmStatus to, OperationKind latest, String event) {
        assertThat(CvmEventRule.eventFor(from, to, latest).map(t -> t.wire()).orElse(null)).isEqualTo(event);
    }
}
