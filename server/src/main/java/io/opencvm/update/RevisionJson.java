package io.opencvm.update;

import io.opencvm.account.User;
import io.opencvm.app.App;
import io.opencvm.app.RevisionRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The JSON of the revision routes ({@code AppRevisionResponse}, {@code AppRevisionDetailResponse}, the page). */
final class RevisionJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RevisionJson() {
    }

    static Map<String, Object> page(List<Map<String, Object>> revisions, long total, int page, int pageSize) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("revisions", revisions);
        m.put("total", total);
        m.put("page", page);
        m.put("page_size", pageSize);
        m.put("total_pages", (int) ((total + pageSize - 1) / pageSize));
        return m;
    }

    static Map<String, Object> summary(App app, RevisionRecord r, User user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("revision_id", r.publicId());
        m.put("app_id", app.appId());
        m.put("vm_uuid", r.vmUuid());
        m.put("compose_hash", r.composeHash());
        m.put("created_at", r.createdAt().toString());
        m.put("trace_id", r.traceId());
        m.put("operation_type", r.operationType());
        m.put("triggered_by", user == null ? null : userRef(user));
        Map<String, Object> cvm = new LinkedHashMap<>();
        cvm.put("object_type", "cvm");
        cvm.put("name", r.cvmName());
        cvm.put("app_id", app.appId());
        cvm.put("vm_uuid", r.vmUuid());
        m.put("cvm", cvm);
        return m;
    }

    /** The summary plus the compose (an object, or its exact text with {@code raw}) and the encrypted env (hex). */
    static Map<String, Object> detail(App app, RevisionRecord r, User user, String composeFile, boolean raw) {
        Map<String, Object> m = summary(app, r, user);
        m.put("compose_file", raw ? composeFile : JSON.readTree(composeFile));
        m.put("encrypted_env", r.encryptedEnv() == null ? "" : r.encryptedEnv());
        m.put("user_config", "");
        return m;
    }

    /** 202 of a redeploy: the first CVM's operation as {@code correlation_id}, and every one by vm_uuid. */
    static Map<String, Object> redeployed(String composeHash, Map<String, UpdateAccepted> byVmUuid) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "in_progress");
        m.put("message", "Redeploy initiated for " + byVmUuid.size() + " CVM(s); each restarts with compose "
                + composeHash);
        m.put("correlation_id", byVmUuid.values().iterator().next().correlationId());
        m.put("compose_hash", composeHash);
        Map<String, String> ids = new LinkedHashMap<>();
        byVmUuid.forEach((uuid, a) -> ids.put(uuid, a.correlationId()));
        m.put("correlation_ids", ids);
        return m;
    }

    private static Map<String, Object> userRef(User user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object_type", "user");
        m.put("id", user.publicId());
        m.put("username", user.username());
        m.put("avatar_url", null);
        return m;
    }
}
