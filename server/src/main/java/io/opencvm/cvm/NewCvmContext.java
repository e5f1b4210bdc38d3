package io.opencvm.cvm;

import io.opencvm.app.App;
import io.opencvm.kms.Kms;
import io.opencvm.node.Node;
import tools.jackson.databind.JsonNode;

/**
 * What a new CVM's view needs besides the rows its creation writes: its app, node and KMS (as its creator
 * planned them), its owner and its parsed compose. Gathered before the creating transaction
 * ({@link CvmService#newCvmContext}) so that the transaction holds its locks for the writes alone.
 */
public record NewCvmContext(App app, Node node, Kms kms, Owner owner, JsonNode compose) {
}
