package io.opencvm.reliability;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Concurrent clients that replicate the sources and delete replicas until told to stop. Each client draws its
 * choices from its own random stream (split from the run's seed): replicate (a random source, half the time on a
 * named node, half the time with an Idempotency-Key) or delete (a replica it knows is live). A keyed request that
 * got no answer is repeated with the same key after the server is back, as a careful client would (again after a
 * 409 while the first attempt's claim on the key is still held).
 */
final class CrashWorkload {

    /** Live replicas beyond this make clients delete rather than replicate, so the nodes never fill up. */
    private static final int MAX_LIVE = 60;
    private static final double DELETE_SHARE = 0.35;

    /** A replicate that got no answer and carried a key: it is asked again with the same key. */
    private record Replay(String source, Long nodeId, String key) {
    }

    private final Api api;
    private final CrashSettings settings;
    private final List<String> sources;
    private final List<Long> nodeIds;
    private final Ledger ledger;
    private final ServerGate gate;
    private final List<String> live = new ArrayList<>();

    CrashWorkload(Api api, CrashSettings settings, List<String> sources, List<Long> nodeIds, Ledger ledger,
                  ServerGate gate) {
        this.api = api;
        this.settings = settings;
        this.sources = List.copyOf(sources);
        this.nodeIds = List.copyOf(nodeIds);
        this.ledger = ledger;
        this.gate = gate;
    }

    /** Runs the clients until {@code done} holds (checked between requests); bounded by the run's deadline. */
    void run(BooleanSupplier done) throws InterruptedException {
        SplittableRandom master = new SplittableRandom(settings.seed());
        ExecutorService clients = Executors.newFixedThreadPool(settings.clients());
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            SplittableRandom random = master.split();
            int client = c;
            running.add(clients.submit(() -> client(client, random, done)));
        }
        clients.shutdown();
        if (!clients.awaitTermination(settings.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
            gate.close();
            clients.shutdownNow();
            throw new IllegalStateException("the clients did not finish within " + settings.deadline());
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a client failed", e.getCause());
            }
        }
    }

    private void client(int client, SplittableRandom random, BooleanSupplier done) {
        Deque<Replay> replays = new ArrayDeque<>();
        int n = 0;
        while (!done.getAsBoolean()) {
            if (!gate.awaitUp(Duration.ofMinutes(3))) {
                return;
            }
            Ledger.Entry entry;
            if (!replays.isEmpty()) {
                Replay r = replays.peek();
                entry = new Ledger.Entry(Ledger.Kind.REPLICATE, r.source(), r.nodeId(), r.key(), true,
                        api.replicate(r.source(), r.nodeId(), r.key()));
                if (entry.answer().is(409)) {
                    // the first attempt's claim on the key is still held (its transaction died with the server)
                    gate.pause(Duration.ofSeconds(1));
                } else if (entry.sent()) {
                    replays.pop();
                }
            } else {
                String victim = shouldDelete(random) ? takeLive(random) : null;
                if (victim != null) {
                    entry = new Ledger.Entry(Ledger.Kind.DELETE, victim, null, null, false, api.delete(victim));
                    if (!entry.sent()) {
                        giveBack(victim);
                    }
                } else {
                    String source = sources.get(random.nextInt(sources.size()));
                    Long node = random.nextBoolean() ? nodeIds.get(random.nextInt(nodeIds.size())) : null;
                    String key = random.nextBoolean() ? "crash-" + settings.seed() + "-" + client + "-" + (n++) : null;
                    entry = new Ledger.Entry(Ledger.Kind.REPLICATE, source, node, key, false,
                            api.replicate(source, node, key));
                    if (key != null && entry.answer() instanceof Answer.NoReply) {
                        replays.add(new Replay(source, node, key));
                    }
                }
            }
            ledger.record(entry);
            String created = entry.createdVmUuid();
            if (created != null) {
                giveBackIfAbsent(created);
            }
            if (!entry.sent()) {
                gate.pause(Duration.ofMillis(100));
            }
        }
    }

    private boolean shouldDelete(SplittableRandom random) {
        synchronized (live) {
            return !live.isEmpty() && (live.size() > MAX_LIVE || random.nextDouble() < DELETE_SHARE);
        }
    }

    private String takeLive(SplittableRandom random) {
        synchronized (live) {
            return live.isEmpty() ? null : live.remove(random.nextInt(live.size()));
        }
    }

    private void giveBack(String vmUuid) {
        synchronized (live) {
            live.add(vmUuid);
        }
    }

    private void giveBackIfAbsent(String vmUuid) {
        synchronized (live) {
            if (!live.contains(vmUuid)) {
                live.add(vmUuid);
            }
        }
    }
}
