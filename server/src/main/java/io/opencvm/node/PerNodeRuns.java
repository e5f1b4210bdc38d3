package io.opencvm.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task per node at a time, each node on its own pooled thread, so that a node that hangs or trickles
 * its replies delays only its own work: a node whose previous task is still running is skipped this round
 * rather than queued behind itself. The pool is bounded; every node call underneath has its own deadline.
 */
public final class PerNodeRuns implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PerNodeRuns.class);

    private final String name;
    private final ExecutorService pool;
    private final Map<Long, Future<?>> inFlight = new ConcurrentHashMap<>();

    public PerNodeRuns(String name, int threads) {
        this.name = name;
        AtomicInteger seq = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, name + "-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts {@code work} for the node unless its previous run is still going; false when skipped. */
    public boolean submit(long nodeId, Runnable work) {
        boolean[] started = {false};
        inFlight.compute(nodeId, (id, previous) -> {
            if (previous != null && !previous.isDone()) {
                return previous;
            }
            started[0] = true;
            return pool.submit(() -> guarded(nodeId, work));
        });
        return started[0];
    }

    /** Runs {@code work} for every node in {@code nodeIds} (skipping those still busy) and waits until all end. */
    public void runAll(Map<Long, Runnable> work) {
        List<Future<?>> started = new ArrayList<>();
        work.forEach((nodeId, task) -> {
            if (submit(nodeId, task)) {
                started.add(inFlight.get(nodeId));
            }
        });
        for (Future<?> f : started) {
            try {
                if (f != null) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                log.warn("{}: a node's run failed: {}", name, e.getCause().toString());
            }
        }
    }

    private void guarded(long nodeId, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{} of node {} failed: {}", name, nodeId, e.toString());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
