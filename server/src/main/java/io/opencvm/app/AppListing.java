package io.opencvm.app;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ApiVersion;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.PageRequest;
import io.opencvm.api.Tenancy;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Apps as the API lists them: the workspace's apps that have live instances, each with those instances
 * oldest first (the first, the app's original, is {@code current_cvm}). The CVM feature says which apps
 * have live instances and renders them ({@link AppInstances}).
 */
@Service
class AppListing {

    private final AppStore store;
    private final AppInstances instances;

    AppListing(AppStore store, AppInstances instances) {
        this.store = store;
        this.instances = instances;
    }

    /** One page, newest app first; {@code search} matches the app's name, its app id or one of its CVMs' names. */
    Map<String, Object> page(Caller caller, ApiVersion version, PageRequest request, String search,
                             List<String> statuses) {
        long ws = caller.workspaceId();
        String q = search == null || search.isBlank() ? null : search.trim();
        List<String> wanted = statuses.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<Long> live = instances.appsWithLive(ws, wanted);
        List<Long> named = q == null ? List.of() : instances.appsWithLiveNamed(ws, q);
        long total = store.count(ws, live, q, named);
        List<Map<String, Object>> items = store.findAll(store.page(ws, live, q, named, request.offset(),
                        request.pageSize())).stream()
                .sorted(Comparator.comparingLong(App::pk).reversed())
                .map(a -> AppJson.app(a, instances.inApp(a.pk(), version))).toList();
        return AppJson.page(items, request, total);
    }

    Map<String, Object> app(Caller caller, ApiVersion version, String appId) {
        App app = find(caller, appId);
        return AppJson.app(app, instances.inApp(app.pk(), version));
    }

    List<Map<String, Object>> cvms(Caller caller, ApiVersion version, String appId) {
        return instances.listed(find(caller, appId).pk(), version);
    }

    /** {@code GET /apps/filter-options}: what the workspace's apps could be filtered by, in the published order. */
    Map<String, Object> filterOptions(Caller caller) {
        Map<String, List<String>> values = instances.filterValues(caller.workspaceId());
        Map<String, Object> m = new LinkedHashMap<>();
        for (String key : List.of("statuses", "image_versions", "instance_types", "kms_slugs", "kms_types", "regions",
                "nodes")) {
            m.put(key, values.getOrDefault(key, List.of()));
        }
        return m;
    }

    /** The app by any form of its id ({@code app_}/{@code 0x} prefix, any case) in the caller's workspace. */
    private App find(Caller caller, String raw) {
        return Tenancy.require(caller.workspaceId(), AppId.parse(raw).flatMap(id -> store.findByAppId(id.hex())),
                () -> new ApiException(ErrorCode.APP_NOT_FOUND, "App " + raw + " not found"));
    }
}
