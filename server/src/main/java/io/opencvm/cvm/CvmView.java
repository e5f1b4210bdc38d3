package io.opencvm.cvm;

import io.opencvm.app.App;
import io.opencvm.kms.Kms;
import io.opencvm.node.Node;
import io.opencvm.operation.Operation;
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
}
