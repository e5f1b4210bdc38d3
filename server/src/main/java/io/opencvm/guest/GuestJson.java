package io.opencvm.guest;

import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmJson;
import io.opencvm.cvm.CvmView;
import io.opencvm.node.NodeImage;
import io.opencvm.vmm.GuestMessages.Container;
import io.opencvm.vmm.GuestMessages.Interface;
import io.opencvm.vmm.GuestMessages.IpAddress;
import io.opencvm.vmm.GuestMessages.NetworkInformation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** The JSON shapes of what runs inside a CVM (one shape each; these routes do not vary by API version). */
final class GuestJson {

    private static final Pattern HANDSHAKE = Pattern.compile("latest handshake:\\s*(.+)");

    private GuestJson() {
    }

    /** {@code GET /cvms/{id}/composition}: the app compose and the containers, each with its log link when public. */
    static Map<String, Object> composition(GuestService.Composition c) {
        JsonNode compose = c.view().compose();
        Map<String, Object> m = online(c.containers(), bool(compose, "public_logs"));
        m.put("docker_compose_file", text(compose, "docker_compose_file"));
        m.put("manifest_version", compose.path("manifest_version").isNumber() ? compose.get("manifest_version").asInt() : null);
        m.put("version", imageOf(c.view()).map(NodeImage::version).orElse(null));
        m.put("runner", text(compose, "runner"));
        m.put("features", compose.path("features").isArray()
                ? compose.get("features").valueStream().map(JsonNode::asString).toList() : null);
        m.put("containers", c.containers().online()
                ? c.containers().value().stream().map(k -> container(k, logBase(c))).toList() : null);
        return m;
    }

    /** {@code GET /cvms/{id}/stats}: the guest's system figures beside the CVM's own status. */
    static Map<String, Object> stats(GuestService.Stats s) {
        Cvm cvm = s.view().cvm();
        Map<String, Object> m = online(s.sysinfo(), bool(s.view().compose(), "public_sysinfo"));
        m.put("sysinfo", s.sysinfo().value());
        m.put("status", cvm.status().wire());
        m.put("in_progress", s.view().inProgress());
        m.put("boot_progress", cvm.state().observed().bootProgress());
        m.put("boot_error", cvm.state().observed().bootError());
        return m;
    }

    /** {@code GET /cvms/{id}/network}: the address inside the gateway's WireGuard net (else the VM's own) and its URLs. */
    static Map<String, Object> network(GuestService.Network n) {
        Map<String, Object> m = online(n.network(), true);
        NetworkInformation info = n.network().value();
        m.put("internal_ip", info == null ? null : internalIp(info));
        m.put("latest_handshake", info == null ? null : latestHandshake(info.wgInfo()));
        m.put("public_urls", n.network().online() ? CvmJson.endpoints(n.view().cvm()) : null);
        return m;
    }

    /** {@code GET /cvms/{id}/user_config}: what the guest is configured with besides its compose. */
    static Map<String, Object> userConfig(GuestService.UserConfig u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hostname", u.view().cvm().name());
        m.put("ssh_authorized_keys", u.sshAuthorizedKeys());
        m.put("default_gateway_domain", u.gateway() == null ? null : u.gateway().baseDomain());
        return m;
    }

    private static Map<String, Object> online(GuestReading<?> reading, boolean isPublic) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("is_online", reading.online());
        m.put("is_public", isPublic);
        m.put("error", reading.error());
        return m;
    }

    private static Map<String, Object> container(Container k, String logBase) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> names = k.names() == null ? List.of() : k.names();
        m.put("id", k.id());
        m.put("names", names);
        m.put("image", k.image());
        m.put("image_id", k.imageId());
        m.put("command", null);
        m.put("created", k.created());
        m.put("state", k.state());
        m.put("status", k.status());
        m.put("log_endpoint", logBase == null || names.isEmpty() ? null : logBase + "/" + names.get(0).replaceFirst("^/", ""));
        return m;
    }

    /**
     * Where the guest agent serves container logs ({@code …/logs}, then the container name): only for a compose with
     * public logs behind the gateway, as dstack serves them, and only once the CVM has an instance id.
     */
    private static String logBase(GuestService.Composition c) {
        JsonNode compose = c.view().compose();
        String instanceId = c.view().cvm().instanceId();
        if (c.gateway() == null || !bool(compose, "public_logs") || !bool(compose, "gateway_enabled")
                || instanceId == null || instanceId.isEmpty()) {
            return null;
        }
        return c.gateway().agentUrl(instanceId) + "/logs";
    }

    private static String internalIp(NetworkInformation info) {
        List<Interface> interfaces = info.interfaces() == null ? List.of() : info.interfaces();
        List<Interface> ordered = new ArrayList<>();
        interfaces.stream().filter(i -> "dstack-wg0".equals(i.name())).forEach(ordered::add);
        interfaces.stream().filter(i -> "eth0".equals(i.name())).forEach(ordered::add);
        return ordered.stream().flatMap(i -> i.addresses() == null ? Stream.<IpAddress>empty() : i.addresses().stream())
                .map(IpAddress::address).findFirst().orElse(null);
    }

    private static String latestHandshake(String wgInfo) {
        if (wgInfo == null) {
            return null;
        }
        Matcher m = HANDSHAKE.matcher(wgInfo);
        return m.find() ? m.group(1).strip() : null;
    }

    private static Optional<NodeImage> imageOf(CvmView v) {
        return v.node().image(v.cvm().spec().image());
    }

    private static boolean bool(JsonNode compose, String field) {
        JsonNode value = compose.get(field);
        return value != null && value.isBoolean() && value.asBoolean();
    }

    private static String text(JsonNode compose, String field) {
        JsonNode value = compose.get(field);
        return value == null || !value.isString() ? null : value.asString();
    }
}
