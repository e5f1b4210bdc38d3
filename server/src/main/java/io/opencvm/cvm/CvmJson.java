package io.opencvm.cvm;

import io.opencvm.api.ApiVersion;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsInfo;
import io.opencvm.node.Node;
import io.opencvm.node.NodeImage;
import io.opencvm.operation.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Every JSON shape of a CVM, per API version, in one place: keys the clients
 * require are always present ({@code null} only where they accept it); optional keys they reject as
 * {@code null} ({@code public_logs}, {@code listed}, {@code storage_fs}, state strings…) are omitted
 * when unknown. Maps keep the key order stable.
 */
public final class CvmJson {

    private CvmJson() {
    }

    /** {@code CvmInfoV20260121}: a list item of the 2026-01-21 API. */
    public static Map<String, Object> infoV2026(CvmView v) {
        Cvm c = v.cvm();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.publicId());
        m.put("name", c.name());
        m.put("app_id", c.appId());
        m.put("vm_uuid", c.vmUuid());
        m.put("instance_id", c.instanceId());
        m.put("resource", resource(c));
        m.put("node_info", nodeInfo(v.node()));
        m.put("os", os(v));
        m.put("kms_type", v.app().kmsType());
        m.put("kms_info", kmsInfoV2026(v));
        m.put("status", c.status().wire());
        m.put("in_progress", v.inProgress());
        m.put("progress", progress(v.latest(), v.cvm().state().desired()));
        m.put("compose_hash", c.composeHash());
        m.put("gateway", gateway(v.node()));
        m.put("services", List.of());
        m.put("endpoints", endpoints(c));
        putBoolean(m, "public_logs", v.compose(), "public_logs");
        putBoolean(m, "public_sysinfo", v.compose(), "public_sysinfo");
        putBoolean(m, "public_tcbinfo", v.compose(), "public_tcbinfo");
        putBoolean(m, "gateway_enabled", v.compose(), "gateway_enabled");
        putBoolean(m, "secure_time", v.compose(), "secure_time");
        m.put("listed", c.spec().listed());
        m.put("workspace", workspace(v.owner()));
        m.put("creator", creator(v.owner()));
        m.put("created_at", c.times().createdAt().toString());
        m.put("updated_at", c.times().updatedAt().toString());
        return m;
    }

    /**
     * The gateway of the CVM's node as its prober last heard it ({@code phala ssh} needs {@code base_domain}); {@code {}}
     * while the node has reported none.
     */
    static Map<String, Object> gateway(Node node) {
        Map<String, Object> g = new LinkedHashMap<>();
        String domain = gatewayDomain(node);
        if (domain != null) {
            g.put("base_domain", domain);
            g.put("cname", null);
        }
        return g;
    }

    private static String gatewayDomain(Node node) {
        return node == null ? null : node.facts().gatewayDomain();
    }

    /** A CVM as lists show it: {@code CvmInfoV20251028} or {@code CvmInfoV20260121}, by version. */
    public static Map<String, Object> listItem(CvmView v, ApiVersion version) {
        return version == ApiVersion.V2025_10_28 ? infoV2025(v) : infoV2026(v);
    }

    /** A CVM inside an app listing: {@code CvmBasicInfo} or {@code CvmInfoV20260121}, by version. */
    public static Map<String, Object> inApp(CvmView v, ApiVersion version) {
        return version == ApiVersion.V2025_10_28 ? basicV2025(v) : infoV2026(v);
    }

    /** {@code CvmInfoDetailV20260121}: {@link #infoV2026} plus the compose file. */
    public static Map<String, Object> detailV2026(CvmView v) {
        Map<String, Object> m = infoV2026(v);
        m.put("compose_file", v.compose());
        return m;
    }

    /**
     * {@code CvmDetailV20251028}: {@code GET /cvms/{id}} under 2025-10-28. {@code syslogEndpoint} is the console link
     * (the CLI's {@code logs --serial} and {@code cvms serial-logs} read it from this shape only).
     */
    public static Map<String, Object> detailV2025(CvmView v, String syslogEndpoint) {
        Cvm c = v.cvm();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("status", c.status().wire());
        m.put("in_progress", v.inProgress());
        m.put("teepod_id", v.node().id());
        m.put("teepod", teepod(v.node()));
        m.put("app_id", c.appId());
        m.put("vm_uuid", c.vmUuid());
        m.put("instance_id", c.instanceId());
        m.put("vcpu", c.resources().vcpu());
        m.put("memory", c.resources().memoryMb());
        m.put("disk_size", c.resources().diskGb());
        m.put("base_image", c.spec().image());
        m.put("encrypted_env_pubkey", v.app().envPubkey());
        m.put("listed", c.spec().listed());
        m.put("public_sysinfo", bool(v.compose(), "public_sysinfo"));
        m.put("public_logs", bool(v.compose(), "public_logs"));
        m.put("instance_type", c.spec().instanceType());
        m.put("syslog_endpoint", syslogEndpoint);
        m.put("gateway_domain", gatewayDomain(v.node()));
        m.put("scheduled_delete_at", c.times().scheduledDeleteAt() == null ? null
                : c.times().scheduledDeleteAt().toString());
        m.put("updated_at", c.times().updatedAt().toString());
        m.put("kms_info", v.kms() == null ? null : KmsInfo.of(v.kms()));
        m.put("public_urls", endpoints(c));
        m.put("machine_info", machineInfo(c));
        return m;
    }

    /** {@code CvmInfoV20251028}: a list item of the 2025-10-28 API. */
    public static Map<String, Object> infoV2025(CvmView v) {
        Cvm c = v.cvm();
        Observation o = c.state().observed();
        Map<String, Object> hosted = new LinkedHashMap<>();
        hosted.put("id", c.vmUuid());
        hosted.put("name", c.name());
        hosted.put("status", o.nodeStatus() == null ? c.status().wire() : o.nodeStatus());
        hosted.put("uptime", o.uptime() == null ? "" : o.uptime());
        hosted.put("app_url", o.appUrl());
        hosted.put("app_id", c.appId());
        hosted.put("instance_id", c.instanceId());
        hosted.put("exited_at", null);
        hosted.put("boot_progress", o.bootProgress());
        hosted.put("boot_error", v.failureReason());
        hosted.put("shutdown_progress", null);
        hosted.put("image_version", imageOf(v) == null ? null : imageOf(v).version());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hosted", hosted);
        m.put("name", c.name());
        m.put("managed_user", Map.of("id", v.owner().userId(), "username", v.owner().username()));
        m.put("node", teepod(v.node()));
        m.put("listed", c.spec().listed());
        m.put("in_progress", v.inProgress());
        m.put("allow_upgrade", false);
        m.put("status", c.status().wire());
        for (String key : List.of("dapp_dashboard_url", "syslog_endpoint", "project_id", "project_type", "billing_period")) {
            m.put(key, null);
        }
        m.put("kms_info", v.kms() == null ? null : KmsInfo.of(v.kms()));
        m.put("vcpu", c.resources().vcpu());
        m.put("memory", c.resources().memoryMb());
        m.put("disk_size", c.resources().diskGb());
        m.put("gateway_domain", gatewayDomain(v.node()));
        m.put("public_urls", endpoints(c));
        m.put("machine_info", machineInfo(c));
        m.put("updated_at", c.times().updatedAt().toString());
        return m;
    }

    /** The {@code VM} record (VMSchema): power actions, commit, replicas and app instances answer with it. */
    public static Map<String, Object> vm(CvmView v) {
        Cvm c = v.cvm();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("status", c.status().wire());
        m.put("teepod_id", v.node().id());
        m.put("teepod", teepod(v.node()));
        m.put("user_id", c.origin().creatorUserId());
        m.put("app_id", c.appId());
        m.put("vm_uuid", c.vmUuid());
        m.put("instance_id", c.instanceId());
        m.put("app_url", c.state().observed().appUrl());
        m.put("base_image", c.spec().image());
        m.put("vcpu", c.resources().vcpu());
        m.put("memory", c.resources().memoryMb());
        m.put("disk_size", c.resources().diskGb());
        m.put("manifest_version", v.compose().path("manifest_version").asInt(2));
        m.put("version", "1.0.0");
        m.put("runner", text(v.compose(), "runner"));
        m.put("docker_compose_file", text(v.compose(), "docker_compose_file"));
        m.put("features", strings(v.compose().path("features")));
        m.put("created_at", c.times().createdAt().toString());
        m.put("encrypted_env_pubkey", v.app().envPubkey());
        m.put("in_progress", v.inProgress());
        return m;
    }

    /** {@code CvmBasicInfo}: a CVM inside a 2025-10-28 app listing. */
    public static Map<String, Object> basicV2025(CvmView v) {
        Cvm c = v.cvm();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vm_uuid", c.vmUuid());
        m.put("app_id", c.appId());
        m.put("name", c.name());
        m.put("status", c.status().wire());
        m.put("vcpu", c.resources().vcpu());
        m.put("memory", c.resources().memoryMb());
        m.put("disk_size", c.resources().diskGb());
        m.put("teepod_id", v.node().id());
        m.put("teepod_name", v.node().name());
        m.put("region_identifier", v.node().settings().region());
        m.put("kms_type", v.app().kmsType());
        m.put("instance_type", c.spec().instanceType());
        m.put("base_image", c.spec().image());
        m.put("kms_slug", v.kms() == null ? null : v.kms().slug());
        m.put("kms_id", v.kms() == null ? null : v.kms().publicId());
        m.put("instance_id", c.instanceId());
        m.put("updated_at", c.times().updatedAt().toString());
        m.put("listed", c.spec().listed());
        m.put("machine_info", machineInfo(c));
        return m;
    }

    /** {@code CvmStateSchema}: every optional string is omitted rather than null. */
    public static Map<String, Object> state(CvmView v) {
        Cvm c = v.cvm();
        Observation o = c.state().observed();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.publicId());
        m.put("name", c.name());
        m.put("status", c.status().wire());
        putText(m, "instance_id", c.instanceId());
        putText(m, "uptime", o.uptime());
        putText(m, "boot_progress", o.bootProgress());
        putText(m, "boot_error", v.failureReason());
        return m;
    }

    /** One value of {@code POST /status/batch}. */
    public static Map<String, Object> batchStatus(CvmView v) {
        Cvm c = v.cvm();
        Operation op = v.inProgress() ? v.latest() : null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vm_uuid", c.vmUuid());
        m.put("status", c.status().wire());
        m.put("in_progress", v.inProgress());
        m.put("uptime", c.state().observed().uptime());
        m.put("boot_progress", c.state().observed().bootProgress());
        m.put("boot_error", v.failureReason());
        m.put("operation_type", op == null ? null : op.kind().wire());
        m.put("operation_started_at", op == null ? null : op.times().createdAt().toString());
        m.put("correlation_id", op == null ? null : op.publicId());
        return m;
    }

    private static Map<String, Object> kmsInfoV2026(CvmView v) {
        Kms kms = v.kms();
        boolean onChain = kms != null && kms.onChain();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain_id", kms == null ? null : kms.chainId());
        m.put("dstack_kms_address", kms == null ? null : kms.contractAddress());
        m.put("dstack_app_address", onChain ? "0x" + v.cvm().appId() : null);
        m.put("deployer_address", null);
        m.put("rpc_endpoint", kms == null ? null : kms.rpcUrl());
        m.put("encrypted_env_pubkey", v.app().envPubkey());
        return m;
    }

    private static Map<String, Object> resource(Cvm c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance_type", c.spec().instanceType());
        m.put("vcpu", c.resources().vcpu());
        m.put("memory_in_gb", c.resources().memoryMb() % 1024 == 0 ? (Object) (c.resources().memoryMb() / 1024) : (Object) (c.resources().memoryMb() / 1024.0));
        m.put("disk_in_gb", c.resources().diskGb());
        m.put("gpus", 0);
        return m;
    }

    private static Map<String, Object> nodeInfo(Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object_type", "node");
        m.put("id", n.id());
        m.put("name", n.name());
        m.put("region", n.settings().region());
        m.put("device_id", n.deviceId());
        m.put("ppid", n.facts().ppid());
        m.put("status", n.status().wire());
        m.put("version", n.facts().version());
        return m;
    }

    private static Map<String, Object> os(CvmView v) {
        NodeImage image = imageOf(v);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.cvm().spec().image());
        m.put("version", image == null ? null : image.version());
        m.put("is_dev", image == null ? null : image.isDev());
        m.put("os_image_hash", image == null ? null : image.osImageHash());
        return m;
    }

    private static NodeImage imageOf(CvmView v) {
        return v.node().image(v.cvm().spec().image()).orElse(null);
    }

    private static Map<String, Object> progress(Operation op, DesiredState desired) {
        if (op == null || !op.inFlight()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", switch (op.kind()) {
            case CREATE, START, RESTART -> "running";
            case STOP, SHUTDOWN -> "stopped";
            case DELETE -> "deleted";
            case UPDATE -> desired == DesiredState.STOPPED ? "stopped" : "running";
        });
        m.put("started_at", op.times().createdAt().toString());
        m.put("correlation_id", op.publicId());
        return m;
    }

    /** {@code public_urls} / {@code endpoints}: the app URL the node reports, as app and instance. */
    public static List<Map<String, String>> endpoints(Cvm c) {
        String url = c.state().observed().appUrl();
        return url == null || url.isEmpty() ? List.of() : List.of(Map.of("app", url, "instance", url));
    }

    private static Map<String, Object> teepod(Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("name", n.name());
        m.put("region_identifier", n.settings().region());
        return m;
    }

    private static Map<String, Object> machineInfo(Cvm c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vcpu", c.resources().vcpu());
        m.put("memory", c.resources().memoryMb());
        m.put("disk_size", c.resources().diskGb());
        m.put("gpu_count", 0);
        return m;
    }

    private static Map<String, Object> workspace(Owner o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object_type", "workspace");
        m.put("id", o.workspacePublicId());
        m.put("name", o.workspaceName());
        m.put("slug", o.workspaceSlug());
        m.put("avatar_url", null);
        return m;
    }

    private static Map<String, Object> creator(Owner o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object_type", "user");
        m.put("id", o.userPublicId());
        m.put("username", o.username());
        m.put("avatar_url", null);
        return m;
    }

    private static void putBoolean(Map<String, Object> m, String key, JsonNode compose, String field) {
        JsonNode value = compose.get(field);
        if (value != null && value.isBoolean()) {
            m.put(key, value.asBoolean());
        }
    }

    private static boolean bool(JsonNode compose, String field) {
        JsonNode value = compose.get(field);
        return value != null && value.isBoolean() && value.asBoolean();
    }

    private static void putText(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static String text(JsonNode compose, String field) {
        JsonNode value = compose.get(field);
        return value == null || !value.isString() ? null : value.asString();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asString()));
        return out;
    }
}
