package io.opencvm.cvm;

import io.opencvm.app.App;
import io.opencvm.kms.Kms;
import io.opencvm.node.Node;
import io.opencvm.operation.Operation;
import io.opencvm.operation.OperationState;
import tools.jackson.databind.JsonNode;

/**
 * Everything the JSON shapes of one CVM need: its row, app, node, KMS (may be null), owner, newest
 * operation (may be null) and its parsed app-compose.json.
 */
public record CvmView(Cvm cvm, App app, Node node, Kms kms, Owner owner, Operation latest, JsonNode compose) {

    /** An operation is pending or running for this CVM. */
    public boolean inProgress() {
        return latest != null && latest.inFlight();
    }

    /**
     * Why the CVM does not run, as the node put it: the guest's boot error while the node reports one, else,
     * for a failed CVM whose newest operation failed (the node refused it, or it ran out of attempts), that
     * operation's last error. Null when there is nothing to tell.
     */
    public String failureReason() {
        String boot = cvm.state().observed().bootError();
        if (boot != null && !boot.isEmpty()) {
            return boot;
        }
        if (cvm.status() == CvmStatus.FAILED && latest != null && latest.state() == OperationState.FAILED) {
            return latest.attempts().lastError();
        }
        return null;
    }
}
