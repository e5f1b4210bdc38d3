package io.opencvm.replica;

import io.opencvm.api.JsonBody;
import io.opencvm.app.ComposeHash;
import io.opencvm.cvm.EncryptedEnv;
import io.opencvm.node.NodeRef;
import java.util.Optional;

/**
 * The body of Replicate CVM, every field optional: the target node ({@code node_id}, or the deprecated
 * {@code teepod_id}), an {@code encrypted_env} (checked hex) and the {@code compose_hash} of the revision to copy.
 */
public record ReplicateRequest(Long nodeId, String encryptedEnv, ComposeHash composeHash) {

    public static final ReplicateRequest EMPTY = new ReplicateRequest(null, null, null);

    /**
     * Reads the raw body the way the published API does: absent, {@code null} or {@code {}} mean "no options";
     * wrong shapes are 422 in FastAPI's form; values of the right type but wrong content (not hex, too short,
     * malformed hash) are 400 ERR-02-008.
     */
    static ReplicateRequest parse(String text) {
        JsonBody body = JsonBody.parse(text);
        Optional<NodeRef> node = NodeRef.in(body);
        String env = body.string("encrypted_env");
        String hash = body.string("compose_hash");
        body.throwIfAny();
        return new ReplicateRequest(node.map(NodeRef::id).orElse(null), env == null ? null : EncryptedEnv.parse(env),
                hash == null ? null : ComposeHash.require("compose_hash", hash));
    }

    @Override
    public String toString() {
        return "ReplicateRequest[node " + nodeId + " hash " + composeHash + "]"; // never the encrypted env
    }
}
