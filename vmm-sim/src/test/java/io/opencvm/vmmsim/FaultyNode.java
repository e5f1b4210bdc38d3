package io.opencvm.vmmsim;

import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import io.opencvm.vmmsim.prpc.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * A KMS and one node with test hooks on wall-clock time (faults are about real delays), the guest's steps
 * immediate and the restart loop ticking every 200 ms, plus a client for the {@code /test/…} routes.
 */
final class FaultyNode implements AutoCloseable {

    final KmsSimulator kms;
    final VmmSimulator node;
    final RpcClient rpc;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    FaultyNode(UnaryOperator<NodeProfile.Builder> customize) {
        kms = KmsSimulator.start(KmsProfile.defaults().withSeed("faults"));
        NodeProfile.Builder builder = NodeProfile.defaults("node-f").toBuilder().kmsUrl(kms.baseUri().toString())
                .timings(BootTimings.instant().withRestartTick(Duration.ofMillis(200))).testHooks(true);
        node = VmmSimulator.start(customize.apply(builder).build());
        rpc = new RpcClient(node.baseUri());
    }

    FaultyNode() {
        this(b -> b);
    }

    /** {@code method} on {@code <base>/test/<route>} with a JSON body (or none); the raw response. */
    HttpResponse<String> test(URI base, String method, String route, String body) {
        return new RpcClient(base).request(method, "/test/" + route, body);
    }

    /** {@code POST /test/faults} on the node; requires 200 and returns the switches in force. */
    JsonNode setFaults(String json) {
        return json(test(node.baseUri(), "POST", "faults", json));
    }

    JsonNode faults() {
        return json(test(node.baseUri(), "GET", "faults", null));
    }

    void clearFaults() {
        json(test(node.baseUri(), "DELETE", "faults", null));
    }

    /** A pRPC call with a client-side timeout; the raw response, or the exception the client saw. */
    Object callWithTimeout(String method, Object body, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(node.baseUri().resolve("/prpc/" + method + "?json"))
                .timeout(timeout).POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /** True when a new TCP connection to the node's port is refused. */
    boolean refuses() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port()), 2000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int vmCount() {
        return rpc.call("Status", Map.of("brief", true)).get("total").asInt();
    }

    JsonNode onlyVm() {
        JsonNode vms = rpc.call("Status", Map.of("brief", true)).get("vms");
        if (vms.size() != 1) {
            throw new AssertionError("expected one VM, the node has " + vms);
        }
        return vms.get(0);
    }

    String create(String name) {
        return rpc.call("CreateVm", SimHarness.vm(name, SimHarness.COMPOSE, Map.of())).get("id").asString();
    }

    JsonNode vm(String id) {
        return rpc.call("Status", Map.of("ids", List.of(id), "brief", true)).get("vms").get(0);
    }

    static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("test route answered " + response.statusCode() + ": " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }

    @Override
    public void close() {
        node.close();
        kms.close();
    }
}
