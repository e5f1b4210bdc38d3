package io.opencvm.replica;

import io.opencvm.api.JsonBody;
import io.opencvm.app.ComposeEdit;
import io.opencvm.app.ComposeHash;
import io.opencvm.cvm.EncryptedEnv;
import io.opencvm.node.NodeRef;
import java.util.Optional;

/**
 * The body of Replicate CVM, every field optional: the target node ({@code node_id}, or the deprecated
 * {@code teepod_id}), an {@code encrypted_env} (checked hex) and the {@code compose_hash} of the revision to copy.
 * {@code compose} is what a new instance of an app changes in that revision ({@code POST /apps/{app_id}/instances}
 * with {@code docker_compose_file} / {@code pre_launch_script}); null for a replica, which copies it as it is.
 */
public record ReplicateRequest(Long nodeId, String encryptedEnv, ComposeHash composeHash, ComposeEdit compose) {

    public static final ReplicateRequest EMPTY = new ReplicateRequest(null, null, null, null);

    ReplicateRequest(Long nodeId, String encryptedEnv, ComposeHash composeHash) {
        this(nodeId, encryptedEnv, composeHash, null);
    }

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

    ReplicateRequest withCompose(ComposeEdit edit) {
        return new ReplicateRequest(nodeId, encryptedEnv, composeHash, edit);
    }

    @Override
    public String toString() {
        return "ReplicateRequest[node " + nodeId + " hash " + composeHash
                + (compose == null || compose.isEmpty() ? "" : " new compose") + "]"; // never the encrypted env
    }
}
