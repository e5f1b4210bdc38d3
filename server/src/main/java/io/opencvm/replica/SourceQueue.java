package io.opencvm.replica;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Replicates of one source wait for each other here, in this process, before their transaction begins. The
 * source's row lock, taken first in that transaction, still puts them in order (across instances too, and it is
 * the guard); but a request waiting here holds no database connection, so many requests on one source cannot fill
 * the pool with sessions that only wait for that lock while every other request waits for a connection.
 */
@Component
class SourceQueue {

    /** One source's turn, and how many requests hold or wait for it (the entry goes when none does). */
    private static final class Turn {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final ConcurrentHashMap<Long, Turn> turns = new ConcurrentHashMap<>();

    /** Runs {@code work} when no other request of this process runs work for {@code sourceId}. */
    <T> T inTurn(long sourceId, Supplier<T> work) {
        // users changes only inside compute, which the map runs atomically per key
        Turn turn = turns.compute(sourceId, (id, t) -> {
            Turn mine = t == null ? new Turn() : t;
            mine.users++;
            return mine;
        });
        turn.lock.lock();
        try {
            return work.get();
        } finally {
            turn.lock.unlock();
            turns.computeIfPresent(sourceId, (id, t) -> --t.users == 0 ? null : t);
        }
    }
}
