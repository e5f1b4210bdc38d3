package io.opencvm.app;

import io.opencvm.api.PageRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The app shapes of {@code GET /apps} and {@code GET /apps/{app_id}}, per API version. */
final class AppJson {

    private AppJson() {
    }

    /** {@code AppFull2026} / {@code AppFull2025}: the app with its live CVMs, oldest (the original) first. */
    static Map<String, Object> app(App app, List<Map<String, Object>> cvms) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", app.publicId());
        m.put("name", app.name());
        m.put("app_id", app.appId());
        m.put("created_at", app.createdAt().toString());
        m.put("kms_type", app.kmsType());
        m.put("app_provision_type", null);
        m.put("app_icon_url", null);
        m.put("profile", null);
        m.put("current_cvm", cvms.isEmpty() ? null : cvms.get(0));
        m.put("cvms", cvms);
        m.put("cvm_count", cvms.size());
        return m;
    }

    static Map<String, Object> page(List<Map<String, Object>> apps, PageRequest request, long total) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dstack_apps", apps);
        m.put("page", request.page());
        m.put("page_size", request.pageSize());
        m.put("total", total);
        m.put("total_pages", request.pages(total));
        return m;
    }
}
