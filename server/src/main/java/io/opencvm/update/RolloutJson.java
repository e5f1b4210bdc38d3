package io.opencvm.update;

import io.opencvm.api.Page;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON of the rollout routes (opencvm's own shape; never the encrypted env). */
final class RolloutJson {

    private RolloutJson() {
    }

    static Map<String, Object> rollout(String appId, Rollout r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.publicId());
        m.put("app_id", appId);
        m.put("state", r.state().wire());
        m.put("compose_hash", r.composeHash());
        m.put("env_changed", r.encryptedEnv() != null);
        m.put("cancel_requested", r.cancelRequested());
        m.put("reason", r.reason());
        m.put("triggered_by", r.triggeredBy());
        m.put("created_at", text(r.createdAt()));
        m.put("updated_at", text(r.updatedAt()));
        m.put("finished_at", text(r.finishedAt()));
        m.put("instances", r.steps().stream().map(RolloutJson::step).toList());
        return m;
    }

    static Page<Map<String, Object>> page(String appId, Page<Rollout> page) {
        return new Page<>(page.items().stream().map(r -> rollout(appId, r)).toList(), page.total(), page.page(),
                page.pageSize(), page.pages());
    }

    private static Map<String, Object> step(RolloutStep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("position", s.seq());
        m.put("vm_uuid", s.vmUuid());
        m.put("name", s.cvmName());
        m.put("state", s.state().wire());
        m.put("previous_compose_hash", s.previousComposeHash());
        m.put("operation_id", s.operationPublicId());
        m.put("failure_reason", s.reason());
        m.put("started_at", text(s.startedAt()));
        m.put("finished_at", text(s.finishedAt()));
        return m;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
