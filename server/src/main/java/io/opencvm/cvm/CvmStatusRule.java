package io.opencvm.cvm;

import io.opencvm.operation.OperationKind;
import io.opencvm.operation.OperationState;

/**
 * The one pure function from (desired state, the node's last report, the newest operation) to the
 * status users see. An observation older than the newest finished operation is stale: the status
 * then follows what that operation set in motion until the reconciler looks again.
 */
public final class CvmStatusRule {

    private CvmStatusRule() {
    }

    /**
     * @param onNode whether the VM ever reached the node (its node id is recorded)
     * @param latest the CVM's newest operation, or null
     */
    public static CvmStatus derive(DesiredState desired, boolean onNode, Observation observed, OperationView latest) {
        if (latest != null && latest.inFlight()) {
            return inProgress(latest.kind(), desired);
        }
        if (latest != null && latest.state() == OperationState.FAILED) {
            return CvmStatus.FAILED;
        }
        String node = onNode && fresh(observed, latest) ? observed.nodeStatus() : null;
        return switch (desired) {
            case DELETED -> !onNode || Observation.ABSENT.equals(node) ? CvmStatus.DELETED : CvmStatus.DELETING;
            case RUNNING -> wantRunning(onNode, node, observed, latest);
            case STOPPED -> wantStopped(node);
        };
    }

    private static CvmStatus inProgress(OperationKind kind, DesiredState desired) {
        return switch (kind) {
            case CREATE -> CvmStatus.PROVISIONING;
            case START -> CvmStatus.STARTING;
            case STOP, SHUTDOWN -> CvmStatus.STOPPING;
            case RESTART -> CvmStatus.RESTARTING;
            case DELETE -> CvmStatus.DELETING;
            // a stopped CVM is changed where it stands and stays stopped
            case UPDATE -> desired == DesiredState.STOPPED ? CvmStatus.STOPPED : CvmStatus.RESTARTING;
        };
    }

    private static CvmStatus wantRunning(boolean onNode, String node, Observation observed, OperationView latest) {
        if (!onNode) {
            return CvmStatus.PROVISIONING;
        }
        if (node == null) {
            return afterwards(latest);
        }
        if (observed.hasBootError()) {
            return CvmStatus.FAILED;
        }
        return switch (node) {
            case "running" -> observed.ready() ? CvmStatus.RUNNING : CvmStatus.STARTING;
            case "stopping" -> CvmStatus.STOPPING;
            case "stopped" -> CvmStatus.STOPPED;
            default -> CvmStatus.FAILED; // exited, removing, absent, or a status this code does not know
        };
    }

    private static CvmStatus wantStopped(String node) {
        if (node == null) {
            return CvmStatus.STOPPING;
        }
        return switch (node) {
            case "stopped", "exited", Observation.ABSENT -> CvmStatus.STOPPED;
            default -> CvmStatus.STOPPING; // running, stopping, removing
        };
    }

    /** Nothing current is known from the node: the status follows what the newest operation started. */
    private static CvmStatus afterwards(OperationView latest) {
        if (latest == null) {
            return CvmStatus.STARTING;
        }
        return switch (latest.kind()) {
            case CREATE, START, RESTART, UPDATE -> CvmStatus.STARTING;
            case STOP, SHUTDOWN -> CvmStatus.STOPPING;
            case DELETE -> CvmStatus.DELETING;
        };
    }

    private static boolean fresh(Observation observed, OperationView latest) {
        if (observed == null || observed.observedAt() == null) {
            return false;
        }
        return latest == null || latest.finishedAt() == null || !observed.observedAt().isBefore(latest.finishedAt());
    }
}
