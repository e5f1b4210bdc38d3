package io.opencvm.vmmsim;

import io.opencvm.vmmsim.fault.FaultRoutes;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.prpc.PrpcServer;
import io.opencvm.vmmsim.prpc.RawRoute.Reply;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test-only listener on 127.0.0.1 that serves the fault routes of every node and KMS of one simulator process
 * ({@link FaultRoutes}), so a node can be reached even while it refuses connections:
 * {@code /test/nodes/<name>/faults|calls|vmm-restart} and {@code /test/kms/<kms name>/faults|calls}.
 * Unknown names and routes are 404 {@code {"error": …}}.
 */
public final class ControlListener implements AutoCloseable {

    private final PrpcServer server;
    private final Map<String, FaultRoutes> nodes = new LinkedHashMap<>();
    private final Map<String, FaultRoutes> kms = new LinkedHashMap<>();

    private ControlListener(int port) {
        server = new PrpcServer(port, null, "opencvm-vmm-sim control");
        server.raw("/test/", (method, path, query, body) -> route(method, path, body));
    }

    /** A control listener on {@code port} (0 = a free one) for the given nodes and KMSs, by name. */
    public static ControlListener start(int port, Map<String, VmmSimulator> nodes, Map<String, KmsSimulator> kms) {
        ControlListener listener = new ControlListener(port);
        nodes.forEach((name, node) -> listener.nodes.put(name, node.faultRoutes()));
        kms.forEach((name, k) -> listener.kms.put(name, k.faultRoutes()));
        listener.server.start();
        return listener;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private Reply route(String method, String path, String body) {
        String[] parts = path.split("/");
        // "", "test", "nodes"|"kms", name, route
        if (parts.length != 5) {
            return Reply.error(404, "no such test route");
        }
        Map<String, FaultRoutes> table = switch (parts[2]) {
            case "nodes" -> nodes;
            case "kms" -> kms;
            default -> Map.of();
        };
        FaultRoutes routes = table.get(parts[3]);
        return routes == null ? Reply.error(404, "no " + parts[2] + " named " + parts[3])
                : routes.handle(method, parts[4], body);
    }

    @Override
    public void close() {
        server.close();
    }
}
