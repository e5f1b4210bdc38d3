package io.opencvm.reliability;

import io.opencvm.testsupport.Await;
import io.opencvm.vmmsim.Main;
import io.opencvm.vmmsim.prpc.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The simulated nodes and their KMS, as one process of their own ({@code io.opencvm.vmmsim.Main} with test hooks
 * and a state directory), so a control plane can die without them. Reads the ready file it writes, hands its nodes
 * file to the server, and talks to every node over pRPC and the control listener's {@code /test/…} routes.
 */
final class NodeFleet implements AutoCloseable {

    /** One VM as a node reports it. */
    record NodeVm(String node, String id, String name, String status, String bootProgress, String bootError) {

        /** The CVM's vm_uuid from the name the control plane gives a VM ({@code <cvm name>@<vm_uuid>}), or null. */
        String vmUuid() {
            int at = name.lastIndexOf('@');
            return at < 0 ? null : name.substring(at + 1);
        }
    }

    private final Process process;
    private final Path nodesFile;
    private final Map<String, URI> nodes = new LinkedHashMap<>();
    private final URI control;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private NodeFleet(Process process, Path nodesFile, JsonNode ready) {
        this.process = process;
        this.nodesFile = nodesFile;
        for (JsonNode node : ready.get("nodes")) {
            nodes.put(node.get("name").asString(), URI.create(node.get("url").asString()));
        }
        this.control = URI.create(ready.get("control_url").asString());
    }

    /**
     * Starts {@code names} as nodes with the given boot step and capacity (each node: {@code vcpu}, {@code memoryMb},
     * {@code slots}), their state under {@code dir}; returns once they all listen.
     */
    static NodeFleet start(Path dir, List<String> names, Duration bootStep, int vcpu, int memoryMb, int slots) {
        Path ready = dir.resolve("nodes-ready.json");
        Path nodesFile = dir.resolve("nodes.json");
        List<String> command = new ArrayList<>(List.of(Launcher.java(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        names.forEach(n -> command.addAll(List.of("--node", n)));
        command.addAll(List.of("--test-hooks", "--state-dir", dir.resolve("node-state").toString(),
                "--boot-step-ms", Long.toString(bootStep.toMillis()), "--restart-tick-ms", "1000",
                "--vcpu", Integer.toString(vcpu), "--memory-mb", Integer.toString(memoryMb),
                "--slots", Integer.toString(slots),
                "--cid-pool-size", Integer.toString(Math.max(slots, 1000)), "--ready-file", ready.toString(),
                "--nodes-file", nodesFile.toString(), "--exit-on-stdin-eof", "--max-lifetime-s", "7200"));
        Process process = Launcher.start(command, Map.of(), dir, dir.resolve("nodes.log"), "nodes " + names);
        boolean up = Await.until(() -> Files.exists(ready) || !process.isAlive(), done -> done, Duration.ofSeconds(90));
        if (!up || !process.isAlive()) {
            process.destroyForcibly();
            throw new IllegalStateException("the nodes process did not come up; see " + dir.resolve("nodes.log"));
        }
        try {
            return new NodeFleet(process, nodesFile, Json.MAPPER.readTree(ready.toFile()));
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The file for {@code OPENCVM_NODES_FILE}. */
    Path nodesFile() {
        return nodesFile;
    }

    List<String> names() {
        return List.copyOf(nodes.keySet());
    }

    /** Every VM on every node, from each node's own {@code Status}. */
    List<NodeVm> vms() {
        List<NodeVm> out = new ArrayList<>();
        nodes.forEach((name, url) -> {
            JsonNode status = post(url.resolve("/prpc/Status?json"), "{\"brief\": true}");
            for (JsonNode vm : status.get("vms")) {
                out.add(new NodeVm(name, vm.get("id").asString(), vm.get("name").asString(),
                        vm.get("status").asString(), vm.get("boot_progress").asString(),
                        vm.get("boot_error").asString()));
            }
        });
        return out;
    }

    /** {@code POST /test/nodes/<node>/vmm-restart}: a VMM restart with the port closed for {@code down}. */
    void restartVmm(String node, Duration down) {
        send("POST", "nodes/" + node + "/vmm-restart", "{\"down_ms\": " + down.toMillis() + "}");
    }

    /** {@code RemoveVm} on one node (to clean up after a scenario that is known to leave a VM behind). */
    void removeVm(String node, String id) {
        post(nodes.get(node).resolve("/prpc/RemoveVm?json"), "{\"id\": \"" + id + "\"}");
    }

    /**
     * Removes the VMs a known failure left behind: a second VM of a CVM (not the one its row in {@code db} names), so
     * that the scenarios after it start from a clean fleet. Returns what it removed.
     */
    List<NodeVm> removeDuplicateVms(Database db) {
        Map<String, String> recorded = new LinkedHashMap<>();
        db.rows("SELECT vm_uuid, node_vm_id FROM cvms WHERE node_vm_id IS NOT NULL")
                .forEach(r -> recorded.put((String) r.get("vm_uuid"), (String) r.get("node_vm_id")));
        List<NodeVm> removed = new ArrayList<>();
        for (NodeVm vm : vms()) {
            String own = recorded.get(vm.vmUuid());
            if (own != null && !own.equals(vm.id())) {
                removeVm(vm.node(), vm.id());
                removed.add(vm);
            }
        }
        List<String> ids = removed.stream().map(NodeVm::id).toList();
        Await.until(this::vms, now -> now.stream().noneMatch(vm -> ids.contains(vm.id())), Duration.ofSeconds(30));
        return removed;
    }

    /** {@code POST /test/nodes/<node>/faults} on the control listener: sets the named switches, keeps the others. */
    JsonNode setFaults(String node, String json) {
        return send("POST", "nodes/" + node + "/faults", json);
    }

    void clearFaults(String node) {
        send("DELETE", "nodes/" + node + "/faults", null);
    }

    /** {@code POST /test/kms/kms/faults}: the KMS's switches. */
    JsonNode setKmsFaults(String json) {
        return send("POST", "kms/kms/faults", json);
    }

    void clearKmsFaults() {
        send("DELETE", "kms/kms/faults", null);
    }

    /** {@code {"since_ms","now_ms","calls":{…}}} of the KMS. */
    JsonNode kmsCalls() {
        return send("GET", "kms/kms/calls", null);
    }

    /** {@code {"since_ms","now_ms","calls":{…}}} of one node. */
    JsonNode calls(String node) {
        return send("GET", "nodes/" + node + "/calls", null);
    }

    void resetCalls(String node) {
        send("DELETE", "nodes/" + node + "/calls", null);
    }

    private JsonNode send(String method, String route, String body) {
        HttpRequest request = HttpRequest.newBuilder(control.resolve("/test/" + route)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        return expect200(request);
    }

    private JsonNode post(URI uri, String body) {
        return expect200(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode expect200(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
