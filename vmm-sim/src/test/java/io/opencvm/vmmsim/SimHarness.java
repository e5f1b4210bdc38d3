package io.opencvm.vmmsim;

import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import io.opencvm.vmmsim.prpc.Json;
import io.opencvm.vmmsim.time.ManualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/** A KMS and one node on loopback, both on one manual clock, plus request helpers. */
public final class SimHarness implements AutoCloseable {

    public static final String COMPOSE = "{\"allowed_envs\":[\"API_KEY\"],\"docker_compose_file\":\"services:\\n  web:\\n"
            + "    image: nginx:1.27\\n\",\"gateway_enabled\":true,\"kms_enabled\":true,\"manifest_version\":2,"
            + "\"name\":\"hello\",\"no_instance_id\":false,\"public_logs\":true,\"runner\":\"docker-compose\"}";

    public final ManualTime time = new ManualTime(Instant.parse("2026-08-07T10:00:00Z"));
    public final KmsSimulator kms;
    public final VmmSimulator node;
    public final RpcClient rpc;

    public SimHarness(UnaryOperator<NodeProfile.Builder> customize) {
        kms = KmsSimulator.start(KmsProfile.defaults().withSeed("harness"), time.asClock());
        NodeProfile.Builder builder = NodeProfile.defaults("node-a").toBuilder()
                .kmsUrl(kms.baseUri().toString()).timings(BootTimings.instant());
        node = VmmSimulator.start(customize.apply(builder).build(), time);
        rpc = new RpcClient(node.baseUri());
    }

    public SimHarness() {
        this(b -> b);
    }

    /** A CreateVm body with the given name and compose; more fields through {@code extra}. */
    public static Map<String, Object> vm(String name, String compose, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("image", "dstack-0.5.4");
        body.put("compose_file", compose);
        body.put("vcpu", 2);
        body.put("memory", 2048);
        body.put("disk_size", 20);
        body.putAll(extra);
        return body;
    }

    public String create(String name, Map<String, Object> extra) {
        return rpc.call("CreateVm", vm(name, COMPOSE, extra)).get("id").asString();
    }

    /** Creates a VM with its own compose (an app-compose.json text). */
    public String create(String name, String compose, Map<String, Object> extra) {
        return rpc.call("CreateVm", vm(name, compose, extra)).get("id").asString();
    }

    /** An app-compose.json (KMS, gateway, public logs and sysinfo) around a docker-compose YAML. */
    public static String compose(String name, String dockerCompose) {
        return Json.MAPPER.writeValueAsString(new TreeMap<>(Map.of("docker_compose_file", dockerCompose,
                "gateway_enabled", true, "kms_enabled", true, "manifest_version", 2, "name", name,
                "public_logs", true, "public_sysinfo", true, "runner", "docker-compose")));
    }

    public JsonNode info(String id) {
        return rpc.call("GetInfo", Map.of("id", id)).get("info");
    }

    public JsonNode brief(String id) {
        return rpc.call("Status", Map.of("ids", List.of(id), "brief", true)).get("vms").get(0);
    }

    /** Runs every step that is due now (zero boot delays: a whole boot). */
    public void settle() {
        time.runDue();
    }

    public void advance(Duration step) {
        time.advance(step);
    }

    @Override
    public void close() {
        node.close();
        kms.close();
        time.close();
    }
}
