package io.opencvm.reliability;

import io.opencvm.reliability.FleetSnapshot.CvmRow;
import io.opencvm.reliability.FleetSnapshot.KeyRow;
import io.opencvm.reliability.FleetSnapshot.NodeRow;
import io.opencvm.vmmsim.prpc.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * What must hold once a run has settled, checked against the database, the admin API, the nodes and the clients'
 * ledger. Each broken rule is one line of text naming the CVM, VM, node or request.
 */
final class Invariants {

    private final FleetSnapshot s;
    private final Ledger ledger;
    private final List<String> violations = new ArrayList<>();
    private final Map<String, CvmRow> byUuid;
    private final Map<Long, CvmRow> byId;
    private final Map<Long, String> nodeNames;
    private final Map<String, List<NodeFleet.NodeVm>> vmsByUuid;

    private Invariants(FleetSnapshot snapshot, Ledger ledger) {
        this.s = snapshot;
        this.ledger = ledger;
        byUuid = s.cvms().stream().collect(Collectors.toMap(CvmRow::vmUuid, c -> c));
        byId = s.cvms().stream().collect(Collectors.toMap(CvmRow::id, c -> c));
        nodeNames = s.nodes().stream().collect(Collectors.toMap(NodeRow::id, NodeRow::name));
        vmsByUuid = s.vms().stream().filter(vm -> vm.vmUuid() != null)
                .collect(Collectors.groupingBy(NodeFleet.NodeVm::vmUuid));
    }

    /** Every broken rule; empty when the run lost, doubled and leaked nothing. */
    static List<String> check(FleetSnapshot snapshot, Ledger ledger) {
        Invariants check = new Invariants(snapshot, ledger);
        check.operationsSettled();
        check.everyCvmWhollyLiveOrWhollyGone();
        check.everyVmBelongsToALiveCvm();
        check.nodeCountersEqualWhatCvmsHold();
        check.noNameTwiceAtOnce();
        check.everyAnsweredReplicaExists();
        check.noRequestHappenedTwice();
        check.noServerErrors();
        return check.violations;
    }

    private void operationsSettled() {
        long open = s.operationsByState().getOrDefault("pending", 0L) + s.operationsByState().getOrDefault("running", 0L);
        if (open > 0) {
            violations.add(open + " operation(s) still pending or running after the run settled: " + s.operationsByState());
        }
        s.failedOperations().forEach(f -> violations.add("operation " + f));
    }

    private void everyCvmWhollyLiveOrWhollyGone() {
        for (CvmRow c : s.cvms()) {
            List<NodeFleet.NodeVm> vms = vmsByUuid.getOrDefault(c.vmUuid(), List.of());
            String who = "CVM " + c.name() + " (" + c.vmUuid() + ")";
            if (c.wantedLive()) {
                if (!c.status().equals("running")) {
                    violations.add(who + " is wanted running but is " + c.status());
                }
                if (vms.size() != 1) {
                    violations.add(who + " has " + vms.size() + " VM(s) on the nodes, not 1: " + vms);
                } else if (!vms.get(0).node().equals(nodeNames.get(c.nodeId()))) {
                    violations.add(who + " is recorded on " + nodeNames.get(c.nodeId()) + " but its VM is on "
                            + vms.get(0).node());
                } else if (!vms.get(0).status().equals("running")) {
                    violations.add(who + "'s VM is " + vms.get(0).status());
                }
                if (!c.capacityHeld() || c.deletedAt() != null) {
                    violations.add(who + " is live but capacity_held=" + c.capacityHeld() + " deleted_at=" + c.deletedAt());
                }
            } else {
                if (!c.status().equals("deleted") || c.deletedAt() == null) {
                    violations.add(who + " is wanted deleted but is " + c.status() + " (deleted_at " + c.deletedAt() + ")");
                }
                if (!vms.isEmpty()) {
                    violations.add(who + " is deleted but its VM is still on the nodes: " + vms);
                }
                if (c.capacityHeld()) {
                    violations.add(who + " is deleted but still holds node capacity");
                }
            }
        }
    }

    private void everyVmBelongsToALiveCvm() {
        for (NodeFleet.NodeVm vm : s.vms()) {
            CvmRow owner = vm.vmUuid() == null ? null : byUuid.get(vm.vmUuid());
            if (owner == null) {
                violations.add("VM " + vm.id() + " (" + vm.name() + ") on " + vm.node() + " belongs to no CVM");
            }
        }
    }

    private void nodeCountersEqualWhatCvmsHold() {
        Map<Long, int[]> held = new HashMap<>();
        for (CvmRow c : s.cvms()) {
            if (c.capacityHeld()) {
                int[] sum = held.computeIfAbsent(c.nodeId(), id -> new int[4]);
                sum[0] += c.vcpu();
                sum[1] += c.memoryMb();
                sum[2] += c.diskGb();
                sum[3] += 1;
            }
        }
        Map<String, JsonNode> admin = new HashMap<>();
        s.adminNodes().forEach(n -> admin.put(n.get("name").asString(), n.get("reserved")));
        for (NodeRow n : s.nodes()) {
            int[] sum = held.getOrDefault(n.id(), new int[4]);
            List<Integer> table = List.of(n.vcpu(), n.memoryMb(), n.diskGb(), n.slots());
            List<Integer> expected = List.of(sum[0], sum[1], sum[2], sum[3]);
            if (!table.equals(expected)) {
                violations.add("node " + n.name() + " reserves (vcpu, memory_mb, disk_gb, slots) " + table
                        + " but its live CVMs hold " + expected);
            }
            JsonNode shown = admin.get(n.name());
            List<Integer> api = shown == null ? List.of() : List.of(shown.get("vcpu").asInt(),
                    shown.get("memory_mb").asInt(), shown.get("disk_gb").asInt(), shown.get("slots").asInt());
            if (!api.equals(table)) {
                violations.add("node " + n.name() + ": /admin/nodes shows reserved " + api + ", the table " + table);
            }
        }
    }

    /** A name is held from the CVM's creation until its delete is asked for; two holders never overlap. */
    private void noNameTwiceAtOnce() {
        Map<String, List<CvmRow>> byName = s.cvms().stream().collect(Collectors.groupingBy(CvmRow::name));
        byName.forEach((name, rows) -> {
            List<CvmRow> sorted = rows.stream().sorted(Comparator.comparing(CvmRow::createdAt)).toList();
            for (int i = 1; i < sorted.size(); i++) {
                CvmRow before = sorted.get(i - 1);
                if (before.deleteRequestedAt() == null || before.deleteRequestedAt().after(sorted.get(i).createdAt())) {
                    violations.add("name " + name + " was held by " + before.vmUuid() + " and " + sorted.get(i).vmUuid()
                            + " at once");
                }
            }
        });
    }

    private void everyAnsweredReplicaExists() {
        Set<String> deleteAsked = ledger.entries().stream()
                .filter(e -> e.kind() == Ledger.Kind.DELETE && e.sent()).map(Ledger.Entry::target)
                .collect(Collectors.toSet());
        for (Ledger.Entry e : ledger.entries()) {
            String uuid = e.createdVmUuid();
            if (uuid == null) {
                continue;
            }
            CvmRow row = byUuid.get(uuid);
            CvmRow source = byUuid.get(e.target());
            if (row == null) {
                violations.add("replicate of " + e.target() + " answered 200 with " + uuid + ", which is in no row");
            } else if (source == null || !Long.valueOf(source.id()).equals(row.sourceId())) {
                violations.add("replica " + uuid + " answered for source " + e.target() + " has source row " + row.sourceId());
            } else if (!row.wantedLive() && !deleteAsked.contains(uuid)) {
                violations.add("replica " + uuid + " (answered 200) was deleted though nobody asked");
            }
        }
        for (CvmRow c : s.cvms()) {
            if (!c.wantedLive() && !deleteAsked.contains(c.vmUuid())) {
                violations.add("CVM " + c.name() + " (" + c.vmUuid() + ") is deleted though no delete was sent for it");
            }
        }
    }

    /**
     * One key, one replica; and the replicas no answer accounts for are at most the replicate requests of that
     * source that got no answer and carried no key.
     */
    private void noRequestHappenedTwice() {
        Set<String> accounted = new HashSet<>();
        Map<String, Set<String>> byKey = new HashMap<>();
        for (Ledger.Entry e : ledger.entries()) {
            String uuid = e.createdVmUuid();
            if (uuid != null) {
                accounted.add(uuid);
                if (e.key() != null) {
                    byKey.computeIfAbsent(e.key(), k -> new HashSet<>()).add(uuid);
                }
            }
        }
        byKey.forEach((key, uuids) -> {
            if (uuids.size() > 1) {
                violations.add("Idempotency-Key " + key + " answered with " + uuids.size() + " different replicas: " + uuids);
            }
        });
        for (KeyRow k : s.keys()) {
            if ("completed".equals(k.state()) && Integer.valueOf(200).equals(k.status())) {
                String uuid = recordedReplica(k);
                if (uuid == null) {
                    violations.add("Idempotency-Key " + k.key() + " recorded a 200 whose reply cannot be read");
                    continue;
                }
                accounted.add(uuid);
                if (!byUuid.containsKey(uuid)) {
                    violations.add("Idempotency-Key " + k.key() + " recorded replica " + uuid + ", which is in no row");
                }
                Set<String> answered = byKey.getOrDefault(k.key(), Set.of());
                if (!answered.isEmpty() && !answered.equals(Set.of(uuid))) {
                    violations.add("Idempotency-Key " + k.key() + " recorded " + uuid + " but answered " + answered);
                }
            }
        }
        Map<Long, Long> unanswered = new HashMap<>();
        for (Ledger.Entry e : ledger.entries()) {
            if (e.kind() == Ledger.Kind.REPLICATE && e.key() == null && e.answer() instanceof Answer.NoReply
                    && byUuid.containsKey(e.target())) {
                unanswered.merge(byUuid.get(e.target()).id(), 1L, Long::sum);
            }
        }
        Map<Long, List<String>> unaccounted = new HashMap<>();
        for (CvmRow c : s.cvms()) {
            if (c.sourceId() != null && !accounted.contains(c.vmUuid())) {
                unaccounted.computeIfAbsent(c.sourceId(), id -> new ArrayList<>()).add(c.vmUuid());
            }
        }
        unaccounted.forEach((sourceId, uuids) -> {
            long allowed = unanswered.getOrDefault(sourceId, 0L);
            if (uuids.size() > allowed) {
                violations.add("source " + byId.get(sourceId).name() + " has " + uuids.size() + " replica(s) no answer "
                        + "accounts for, but only " + allowed + " unkeyed request(s) went unanswered: " + uuids);
            }
        });
    }

    private void noServerErrors() {
        for (Ledger.Entry e : ledger.entries()) {
            if (e.answer() instanceof Answer.Reply r && r.status() >= 500) {
                violations.add(e.kind() + " of " + e.target() + " answered " + r.status() + ": " + abbreviate(r.body()));
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** The vm_uuid a recorded 200 names, or null when the recorded reply is not a replica's JSON. */
    private static String recordedReplica(KeyRow k) {
        try {
            JsonNode uuid = Json.MAPPER.readTree(k.body()).get("vm_uuid");
            return uuid == null ? null : uuid.asString();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
