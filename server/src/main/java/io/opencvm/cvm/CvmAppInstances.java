package io.opencvm.cvm;

import io.opencvm.api.ApiVersion;
import io.opencvm.app.AppInstances;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The CVM feature's answer to the app feature's questions about an app's instances. */
@Component
class CvmAppInstances implements AppInstances {

    private final CvmStore store;
    private final CvmViews views;

    CvmAppInstances(CvmStore store, CvmViews views) {
        this.store = store;
        this.views = views;
    }

    @Override
    public List<Long> appsWithLive(long workspaceId, List<String> statuses) {
        return store.appsWithLive(workspaceId, statuses, null);
    }

    @Override
    public List<Long> appsWithLiveNamed(long workspaceId, String text) {
        return store.appsWithLive(workspaceId, List.of(), text);
    }

    @Override
    public List<Map<String, Object>> inApp(long appPk, ApiVersion version) {
        return views.of(store.liveOfApp(appPk)).stream().map(v -> CvmJson.inApp(v, version)).toList();
    }

    @Override
    public List<Map<String, Object>> listed(long appPk, ApiVersion version) {
        return views.of(store.liveOfApp(appPk)).stream().map(v -> CvmJson.listItem(v, version)).toList();
    }
}
