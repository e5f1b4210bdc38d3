package io.opencvm.reliability;

import io.opencvm.testsupport.Await;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Several control-plane processes on one PostgreSQL database behind one HAProxy, with the nodes in a process of
 * their own: what an operator runs when one instance is not enough. Knows which instance holds which lease (the
 * worker name in {@code operations.lease_owner} starts with the JVM's pid).
 */
final class InstanceFleet implements AutoCloseable {

    /** An {@code operations} row as far as lease checks need it. */
    record OperationRow(long id, String publicId, long cvmId, String kind, String state, long fence, String leaseOwner,
                        Timestamp leaseUntil) {

        /** The pid in {@code lease_owner} ({@code <pid>@<host>/<id>#<worker>}), or -1. */
        long ownerPid() {
            if (leaseOwner == null || !leaseOwner.contains("@")) {
                return -1;
            }
            return Long.parseLong(leaseOwner.substring(0, leaseOwner.indexOf('@')));
        }
    }

    final Path dir;
    final Database db;
    final NodeFleet nodes;
    final List<ControlPlane> servers = new ArrayList<>();
    final Haproxy proxy;
    final String apiKey;

    private InstanceFleet(Path dir, Database db, NodeFleet nodes, String apiKey, Map<String, String> settings,
                          int instances) {
        this.dir = dir;
        this.db = db;
        this.nodes = nodes;
        this.apiKey = apiKey;
        for (int i = 1; i <= instances; i++) {
            servers.add(new ControlPlane("server-" + i, dir, db, nodes.nodesFile(), apiKey, settings));
        }
        // The first one migrates the schema alone; the others start together.
        servers.get(0).start();
        List<CompletableFuture<Void>> rest = servers.subList(1, servers.size()).stream()
                .map(s -> CompletableFuture.runAsync(s::start)).toList();
        rest.forEach(CompletableFuture::join);
        this.proxy = Haproxy.start(dir, servers);
    }

    static InstanceFleet start(String name, int instances, Map<String, String> settings) {
        Path dir = CrashRun.workDir(name);
        byte[] key = new byte[20];
        new SecureRandom().nextBytes(key);
        Database db = Database.create(name.replace('-', '_'));
        NodeFleet nodes = null;
        try {
            nodes = NodeFleet.start(dir, List.of("node-1", "node-2", "node-3"), Duration.ofMillis(20), 256, 2_097_152, 200);
            return new InstanceFleet(dir, db, nodes, "ocv_multi_" + HexFormat.of().formatHex(key), settings, instances);
        } catch (RuntimeException e) {
            if (nodes != null) {
                nodes.close();
            }
            db.close();
            throw e;
        }
    }

    /** Through HAProxy. */
    Api api() {
        return new Api(proxy.baseUri(), apiKey);
    }

    /** Straight to one instance. */
    Api api(ControlPlane server) {
        return new Api(server.baseUri(), apiKey);
    }

    /** Starts every instance that is not running (after a kill or a SIGTERM) and waits until HAProxy sees all. */
    void ensureAllUp() {
        servers.stream().filter(s -> !s.isAlive()).toList().forEach(ControlPlane::start);
        Await.until(proxy::serversUp, n -> n == servers.size(), Duration.ofSeconds(30));
    }

    Optional<ControlPlane> byPid(long pid) {
        return servers.stream().filter(s -> s.pid() == pid).findFirst();
    }

    List<OperationRow> operations(String where, Object... params) {
        return db.rows("SELECT * FROM operations WHERE " + where + " ORDER BY id", params).stream()
                .map(r -> new OperationRow(((Number) r.get("id")).longValue(), (String) r.get("public_id"),
                        ((Number) r.get("cvm_id")).longValue(), (String) r.get("kind"), (String) r.get("state"),
                        ((Number) r.get("fence")).longValue(), (String) r.get("lease_owner"),
                        (Timestamp) r.get("lease_until"))).toList();
    }

    /** Running operations grouped by the instance that holds their lease. */
    Map<ControlPlane, List<OperationRow>> leasesByInstance() {
        Map<ControlPlane, List<OperationRow>> out = new LinkedHashMap<>();
        for (OperationRow op : operations("state = 'running'")) {
            byPid(op.ownerPid()).ifPresent(s -> out.computeIfAbsent(s, k -> new ArrayList<>()).add(op));
        }
        return out;
    }

    /** Clears every fault switch on the nodes and the KMS. */
    void clearFaults() {
        nodes.names().forEach(nodes::clearFaults);
        nodes.clearKmsFaults();
    }

    @Override
    public void close() {
        proxy.close();
        servers.forEach(ControlPlane::close);
        nodes.close();
        db.close();
    }
}
