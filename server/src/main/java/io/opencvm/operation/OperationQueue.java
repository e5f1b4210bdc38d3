package io.opencvm.operation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The queue's public face. {@link #enqueue} joins the caller's transaction, so an intent and its
 * operation commit together; workers pick the operation up after the commit.
 */
@Service
public class OperationQueue {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final OperationStore store;
    private final Clock clock;

    OperationQueue(OperationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Enqueues {@code kind} for the CVM at {@code generation}, the generation of the change it carries out,
     * which the caller has just written (and so holds locked) in the same transaction. Idempotent: a second
     * call for the same CVM, kind and generation returns the operation the first one created.
     * {@code triggeredBy} records who asked (e.g. {@code api:alice}, {@code replica of web by alice}).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Operation enqueue(long cvmId, int generation, OperationKind kind, String triggeredBy) {
        return store.insertIfAbsent("op_" + randomHex(12), cvmId, kind, generation, triggeredBy, clock.instant());
    }

    /**
     * Enqueues the first operation of a CVM inserted in the caller's transaction (generation
     * {@code generation}, nothing enqueued for it yet): one insert, no read-back. Returns it as written.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Operation enqueueFirst(long cvmId, int generation, OperationKind kind, String triggeredBy) {
        return store.insertFirst("op_" + randomHex(12), cvmId, kind, generation, triggeredBy,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    public Optional<Operation> find(long operationId) {
        return store.find(operationId);
    }

    /** The newest operation of each of these CVMs (absent for a CVM that never had one). */
    public Map<Long, Operation> latestFor(Collection<Long> cvmIds) {
        return store.latestFor(cvmIds);
    }

    /** A CVM's operations, newest first: a page of {@code limit} older than operation {@code beforeId} (null: newest). */
    public List<Operation> history(long cvmId, Long beforeId, int limit) {
        return store.ofCvm(cvmId, beforeId, limit);
    }

    /**
     * Every CVM's operations, newest first: {@code limit} older than operation {@code beforeId} (null: newest). The
     * caller filters them by workspace (this feature does not know workspaces), so it reads in bounded batches.
     */
    public List<Operation> recent(Long beforeId, int limit) {
        return store.recent(beforeId, limit);
    }

    public long count(long cvmId) {
        return store.countOfCvm(cvmId);
    }

    public Optional<Operation> latestFor(long cvmId) {
        return Optional.ofNullable(store.latestFor(List.of(cvmId)).get(cvmId));
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
