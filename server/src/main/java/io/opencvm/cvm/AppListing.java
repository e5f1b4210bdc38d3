package io.opencvm.cvm;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ApiVersion;
import io.opencvm.api.AppId;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.PageRequest;
import io.opencvm.app.App;
import io.opencvm.app.AppService;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Apps as the API lists them: each with its live CVMs, oldest first (the first, the app's original instance, is {@code current_cvm}). */
@Service
class AppListing {

    private final AppListingStore store;
    private final AppService apps;
    private final CvmService cvms;

    AppListing(AppListingStore store, AppService apps, CvmService cvms) {
        this.store = store;
        this.apps = apps;
        this.cvms = cvms;
    }

    Map<String, Object> page(Caller caller, ApiVersion version, PageRequest request, String search,
                             List<String> statuses) {
        String q = search == null || search.isBlank() ? null : search.trim();
        List<String> wanted = statuses.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        long total = store.count(caller.workspaceId(), q, wanted);
        List<Long> pks = store.page(caller.workspaceId(), q, wanted, request.offset(), request.pageSize());
        List<Map<String, Object>> items = apps.findAll(pks).stream()
                .sorted(Comparator.comparingLong(App::pk).reversed())
                .map(a -> AppJson.app(a, cvms.views(cvms.liveOfApp(a.pk())), version)).toList();
        return AppJson.page(items, request, total);
    }

    Map<String, Object> app(Caller caller, ApiVersion version, String appId) {
        App app = find(caller, appId);
        return AppJson.app(app, cvms.views(cvms.liveOfApp(app.pk())), version);
    }

    List<CvmView> cvms(Caller caller, String appId) {
        return cvms.views(cvms.liveOfApp(find(caller, appId).pk()));
    }

    /** The app by any form of its id ({@code app_}/{@code 0x} prefix, any case) in the caller's workspace. */
    private App find(Caller caller, String raw) {
        App app = AppId.parse(raw).flatMap(apps::findByAppId)
                .orElseThrow(() -> new ApiException(ErrorCode.APP_NOT_FOUND, "App " + raw + " not found"));
        if (app.workspaceId() != caller.workspaceId()) {
            throw new ApiException(ErrorCode.CVM_NOT_IN_WORKSPACE, "App " + raw + " does not belong to this workspace");
        }
        return app;
    }
}
