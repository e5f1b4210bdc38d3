package io.opencvm.update;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of the update routes' answers (the same in every API version). */
final class UpdateJson {

    private UpdateJson() {
    }

    /** 202 of an update: {@code correlation_id} is what the SDK's {@code patchCvm} reads. */
    static Map<String, Object> accepted(UpdateAccepted a, String what) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "in_progress");
        m.put("message", what + " initiated; the CVM restarts with it");
        m.put("correlation_id", a.correlationId());
        m.put("compose_hash", a.composeHash());
        return m;
    }

    static Map<String, Object> envsAccepted(UpdateAccepted a) {
        Map<String, Object> m = accepted(a, "Environment update");
        m.put("allowed_envs_changed", a.allowedEnvsChanged());
        return m;
    }

    static Map<String, Object> provisioned(ComposeProvisioned p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app_id", p.appId());
        m.put("device_id", p.deviceId());
        m.put("compose_hash", p.composeHash());
        m.put("kms_info", p.kmsInfo());
        m.put("compose_hash_registered", p.registered());
        return m;
    }

    static List<Map<String, Object>> images(List<AvailableImage> images) {
        return images.stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", i.version());
            m.put("prod", variant(i.prod()));
            m.put("dev", variant(i.dev()));
            return m;
        }).toList();
    }

    private static Map<String, Object> variant(AvailableImage.Variant v) {
        if (v == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("slug", v.slug());
        m.put("os_image_hash", v.osImageHash());
        m.put("is_current", v.isCurrent());
        return m;
    }
}
