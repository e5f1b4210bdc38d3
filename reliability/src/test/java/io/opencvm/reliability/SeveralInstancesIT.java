package io.opencvm.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opencvm.reliability.InstanceFleet.OperationRow;
import io.opencvm.testsupport.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Three control-plane processes on one PostgreSQL database behind a real HAProxy, the nodes in their own process.
 * Each scenario leaves the fleet whole (every instance up, no fault switch on, everything settled) and the fleet's
 * {@link Invariants} holding. Scenarios today's server fails are kept, disabled with what fails and the figures of
 * the last run; {@code -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition} runs them anyway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesIT {

    private static final Duration LEASE = Duration.ofSeconds(8);
    private static final Map<String, String> SETTINGS = settings();
    private static InstanceFleet fleet;
    private static final Ledger LEDGER = new Ledger();
    private static List<String> sources;
    private static List<Long> nodeIds;

    private static Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(ControlPlane.HARNESS_SETTINGS);
        s.put("opencvm.operations.lease", "PT" + LEASE.toSeconds() + "S");
        // Node calls made slow on purpose must not time out before the scenario is over.
        s.put("opencvm.vmm.timeout", "PT30S");
        return Map.copyOf(s);
    }

    @BeforeAll
    static void startFleet() {
        assumeTrue(Haproxy.installed(), "HAProxy is not installed (tools/install-debian-packages installs it)");
        fleet = InstanceFleet.start("multi", 3, SETTINGS);
        nodeIds = CrashRun.awaitNodesOnline(fleet.api());
        sources = List.of(fleet.api().deploy("multi-src-a").get("vm_uuid").asString(),
                fleet.api().deploy("multi-src-b").get("vm_uuid").asString());
        CrashRun.settle(fleet.db);
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @BeforeEach
    void wholeFleet() {
        fleet.clearFaults();
        fleet.ensureAllUp();
    }

    @AfterEach
    void nothingLostOrLeaked() {
        fleet.clearFaults();
        fleet.ensureAllUp();
        CrashRun.settle(fleet.db);
        assertThat(Invariants.check(FleetSnapshot.take(fleet.db, fleet.api(), fleet.nodes, LEDGER), LEDGER)).isEmpty();
    }

    @Test
    @Order(1)
    void replicasThroughAllInstancesAtOnceAreEachMadeOnceAndEveryInstanceServesSome() {
        Map<String, Long> before = fleet.proxy.answers2xx();

        List<Ledger.Entry> entries = replicateAtOnce(24, 8);

        assertThat(entries).allSatisfy(e -> assertThat(e.answer().is(200)).as("%s", e.answer()).isTrue());
        Map<String, Long> after = fleet.proxy.answers2xx();
        fleet.servers.forEach(s -> assertThat(after.get(s.name()) - before.getOrDefault(s.name(), 0L))
                .as("2xx answers of %s", s.name()).isPositive());
    }

    @Test
    @Order(2)
    void theOthersTakeOverAKilledLeaseHoldersOperationsOnlyOnceItsLeaseHasEnded() {
        slowCreates(Duration.ofSeconds(3));
        replicateAtOnce(9, 9);
        Map.Entry<ControlPlane, List<OperationRow>> held = busiestHolder();
        ControlPlane holder = held.getKey();
        long deadPid = holder.pid();

        holder.kill9();

        for (OperationRow op : held.getValue()) {
            long untilMs = op.leaseUntil().getTime();
            OperationRow early = Await.until(() -> operation(op.id()), now -> now.fence() != op.fence(),
                    Duration.ofMillis(Math.max(0, untilMs - System.currentTimeMillis() - 300)));
            assertThat(early.fence()).as("operation %s taken over before its lease ended", op.publicId())
                    .isEqualTo(op.fence());
        }
        for (OperationRow op : held.getValue()) {
            OperationRow later = Await.until(() -> operation(op.id()), now -> now.fence() > op.fence()
                    && now.state().equals("succeeded"), Duration.ofSeconds(60));
            assertThat(later.state()).as("operation %s after its holder died", op.publicId()).isEqualTo("succeeded");
            assertThat(later.fence()).isGreaterThan(op.fence());
        }
        assertThat(fleet.operations("lease_owner LIKE ?", deadPid + "@%")).isEmpty();
    }

    @Test
    @Order(3)
    void aFrozenLeaseHoldersLateWriteIsRefusedByItsFence() throws IOException {
        slowCreates(Duration.ofSeconds(3));
        replicateAtOnce(1, 1);
        Map.Entry<ControlPlane, List<OperationRow>> held = busiestHolder();
        ControlPlane holder = held.getKey();
        OperationRow op = held.getValue().get(0);

        holder.freeze();
        OperationRow takenOver;
        try {
            takenOver = Await.until(() -> operation(op.id()), now -> now.state().equals("succeeded"), Duration.ofSeconds(60));
        } finally {
            holder.thaw();
        }

        assertThat(takenOver.fence()).as("another instance finished it with a newer fence").isGreaterThan(op.fence());
        String refused = "operation " + op.publicId() + " (create of cvm " + op.cvmId() + "): ";
        assertThat(Await.until(() -> log(holder), text -> text.contains(refused), Duration.ofSeconds(60)))
                .as("the thawed holder's late write is refused").contains(refused);
        assertThat(operation(op.id())).as("and changed nothing").isEqualTo(takenOver);
    }

    @Test
    @Order(4)
    void onSigtermAnInFlightRequestFinishesAndTheWorkersLeaveNoLeaseBehind() {
        slowCreates(Duration.ofSeconds(5));
        replicateAtOnce(6, 6);
        Map.Entry<ControlPlane, List<OperationRow>> held = busiestHolder();
        ControlPlane target = held.getKey();
        long pid = target.pid();
        fleet.nodes.setKmsFaults("{\"latency_ms\": {\"GetAppEnvEncryptPubKey\": 4000}}");
        long kmsCallsBefore = kmsCalls();
        CompletableFuture<Answer> provision = CompletableFuture.supplyAsync(() -> fleet.api(target)
                .post("/api/v1/cvms/provision", Map.of("name", "sigterm-inflight", "instance_type", "tdx.small",
                        "compose_file", Map.of("docker_compose_file", "services:\n  a:\n    image: nginx\n"))));
        Await.until(this::kmsCalls, n -> n > kmsCallsBefore, Duration.ofSeconds(20));

        boolean ended = target.terminate(Duration.ofSeconds(60));

        assertThat(ended).as("the instance stops by itself after SIGTERM").isTrue();
        assertThat(provision.join().is(200)).as("the request in flight when SIGTERM came: %s", provision.join()).isTrue();
        assertThat(fleet.operations("state = 'running' AND lease_owner LIKE ?", pid + "@%"))
                .as("operations still leased to the stopped instance (it held %s)", held.getValue()).isEmpty();
    }

    @Test
    @Order(5)
    void aNodeCallLongerThanTheLeaseKeepsItsLeaseAndMakesOneVm() {
        Duration call = LEASE.plusSeconds(4);
        slowCreates(call);
        String uuid = replicateAtOnce(1, 1).get(0).createdVmUuid();
        OperationRow op = busiestHolder().getValue().get(0);
        try {
            OperationRow done = Await.until(() -> operation(op.id()), now -> now.state().equals("succeeded"),
                    Duration.ofSeconds(90));
            long vms = Await.until(() -> vmsOf(uuid), n -> n > 1, call.plusSeconds(5));

            assertThat(List.of(done.fence(), vms)).as("fence after the call, VMs of the CVM")
                    .containsExactly(op.fence(), 1L);
        } finally {
            fleet.clearFaults();
            Await.until(() -> vmsOf(uuid), n -> n > 1, call.plusSeconds(5));
            System.out.println("removed duplicate VMs: " + fleet.nodes.removeDuplicateVms(fleet.db));
        }
    }

    @Test
    @Order(6)
    void onSigtermAWorkerInALongNodeCallHandsItsLeaseBackAtOnce() {
        slowCreates(Duration.ofSeconds(20));
        String uuid = replicateAtOnce(1, 1).get(0).createdVmUuid();
        Map.Entry<ControlPlane, List<OperationRow>> held = busiestHolder();
        OperationRow op = held.getValue().get(0);
        long pid = held.getKey().pid();
        try {
            CompletableFuture<Boolean> stopping = CompletableFuture.supplyAsync(() ->
                    held.getKey().terminate(Duration.ofSeconds(60)));

            OperationRow soon = Await.until(() -> operation(op.id()), now -> now.ownerPid() != pid,
                    Duration.ofSeconds(2));

            assertThat(soon.ownerPid()).as("lease owner 2 s after SIGTERM (%s)", soon).isNotEqualTo(pid);
            assertThat(stopping.join()).isTrue();
        } finally {
            fleet.clearFaults();
            Await.until(() -> vmsOf(uuid), n -> n > 1, Duration.ofSeconds(25));
            System.out.println("removed duplicate VMs: " + fleet.nodes.removeDuplicateVms(fleet.db));
        }
    }

    @Test
    @Order(7)
    void nodeProbingIsNotMultipliedByTheNumberOfInstances() {
        Map<String, Double> one = callsPerMinuteWith(1);
        Map<String, Double> three = callsPerMinuteWith(3);

        for (String method : List.of("GetMeta", "Status")) {
            assertThat(three.get(method)).as("%s per node per minute: %s with one instance, %s with three", method,
                    one.get(method), three.get(method)).isLessThanOrEqualTo(one.get(method) * 1.5);
        }
    }

    /** The mean calls per node per minute of GetMeta, Version, ListImages and Status with {@code n} instances up. */
    private Map<String, Double> callsPerMinuteWith(int n) {
        fleet.servers.subList(n, fleet.servers.size()).forEach(ControlPlane::kill9);
        fleet.servers.subList(0, n).stream().filter(s -> !s.isAlive()).forEach(ControlPlane::start);
        fleet.nodes.names().forEach(fleet.nodes::resetCalls);
        measureFor(Duration.ofSeconds(20));
        Map<String, Double> perMinute = new HashMap<>();
        for (String node : fleet.nodes.names()) {
            JsonNode calls = fleet.nodes.calls(node);
            double minutes = (calls.get("now_ms").asLong() - calls.get("since_ms").asLong()) / 60_000.0;
            for (String method : List.of("GetMeta", "Version", "ListImages", "Status")) {
                perMinute.merge(method, calls.get("calls").path(method).asLong(0) / minutes / fleet.nodes.names().size(),
                        Double::sum);
            }
        }
        System.out.println("node calls per node per minute with " + n + " instance(s): " + perMinute);
        return perMinute;
    }

    /** A measuring window: the calls are counted on the nodes while it lasts; nothing is awaited. */
    private static void measureFor(Duration window) {
        try {
            Thread.sleep(window.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void slowCreates(Duration delay) {
        fleet.nodes.names().forEach(n -> fleet.nodes.setFaults(n, "{\"latency_ms\": {\"CreateVm\": " + delay.toMillis()
                + "}}"));
    }

    /** {@code count} replicate requests through HAProxy from {@code threads} clients at once, recorded. */
    private List<Ledger.Entry> replicateAtOnce(int count, int threads) {
        Api api = fleet.api();
        List<CompletableFuture<Ledger.Entry>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            IntStream.range(0, count).forEach(i -> futures.add(CompletableFuture.supplyAsync(() -> {
                String source = sources.get(i % sources.size());
                Long node = nodeIds.get(i % nodeIds.size());
                Ledger.Entry e = new Ledger.Entry(Ledger.Kind.REPLICATE, source, node, null, false,
                        api.replicate(source, node, null));
                LEDGER.record(e);
                return e;
            }, pool)));
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }
    }

    /** The instance holding the most running operations, once one holds any. */
    private Map.Entry<ControlPlane, List<OperationRow>> busiestHolder() {
        Map<ControlPlane, List<OperationRow>> leases = Await.until(fleet::leasesByInstance, m -> !m.isEmpty(),
                Duration.ofSeconds(30));
        assertThat(leases).as("an instance holds a lease").isNotEmpty();
        return leases.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow();
    }

    private OperationRow operation(long id) {
        return fleet.operations("id = ?", id).get(0);
    }

    private long vmsOf(String uuid) {
        return fleet.nodes.vms().stream().filter(vm -> uuid.equals(vm.vmUuid())).count();
    }

    private long kmsCalls() {
        return fleet.nodes.kmsCalls().get("calls").path("GetAppEnvEncryptPubKey").asLong(0);
    }

    private static String log(ControlPlane server) {
        try {
            return Files.readString(server.log());
        } catch (IOException e) {
            return "";
        }
    }
}
