package io.opencvm.update;

import io.opencvm.node.Resources;
import io.opencvm.onchain.PreparedChange;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON of a kept update (commit-update lookup): what it changes, never the env or the token. */
final class CommitUpdateJson {

    private CommitUpdateJson() {
    }

    static Map<String, Object> pending(UpdateCommits.PendingUpdate pending) {
        PreparedChange change = pending.stored().change();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cvm_id", pending.cvm().publicId());
        m.put("vm_uuid", pending.cvm().vmUuid());
        m.put("name", pending.cvm().name());
        m.put("app_id", pending.cvm().appId());
        m.put("current_compose_hash", pending.cvm().composeHash());
        m.put("compose_hash", change.composeHash());
        m.put("env_changed", change.encryptedEnv() != null);
        Resources r = change.resources();
        m.put("vcpu", r == null ? null : r.vcpu());
        m.put("memory", r == null ? null : r.memoryMb());
        m.put("disk_size", r == null ? null : r.diskGb());
        m.put("os_image", change.image());
        m.put("status", "pending");
        m.put("created_at", pending.stored().createdAt().toString());
        m.put("expires_at", pending.stored().expiresAt().toString());
        return m;
    }
}
