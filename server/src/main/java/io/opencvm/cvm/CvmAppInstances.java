package io.opencvm.cvm;

import io.opencvm.api.ApiVersion;
import io.opencvm.app.App;
import io.opencvm.app.AppInstances;
import io.opencvm.app.AppService;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsService;
import io.opencvm.node.Node;
import io.opencvm.node.NodeService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The CVM feature's answer to the app feature's questions about an app's instances. */
@Component
class CvmAppInstances implements AppInstances {

    private final CvmStore store;
    private final CvmViews views;
    private final NodeService nodes;
    private final AppService apps;
    private final KmsService kmsService;

    CvmAppInstances(CvmStore store, CvmViews views, NodeService nodes, AppService apps, KmsService kmsService) {
        this.store = store;
        this.views = views;
        this.nodes = nodes;
        this.apps = apps;
        this.kmsService = kmsService;
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

    @Override
    public Map<String, List<String>> filterValues(long workspaceId) {
        List<Node> used = store.distinctLive(workspaceId, "node_id").stream()
                .map(id -> nodes.find(Long.parseLong(id))).flatMap(Optional::stream).toList();
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("statuses", store.distinctLive(workspaceId, "status"));
        m.put("image_versions", store.distinctLive(workspaceId, "image"));
        m.put("instance_types", store.distinctLive(workspaceId, "instance_type"));
        m.put("regions", used.stream().map(n -> n.settings().region()).filter(Objects::nonNull).distinct().sorted().toList());
        m.put("nodes", used.stream().map(Node::name).distinct().sorted().toList());
        List<App> live = apps.findAll(store.appsWithLive(workspaceId, List.of(), null));
        m.put("kms_types", live.stream().map(App::kmsType).filter(Objects::nonNull).distinct().sorted().toList());
        m.put("kms_slugs", live.stream().map(App::kmsPk).filter(Objects::nonNull).distinct()
                .map(kmsService::find).flatMap(Optional::stream).map(Kms::slug).filter(Objects::nonNull).distinct()
                .sorted().toList());
        return m;
    }
}
