package io.opencvm.vmmsim.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * Test time: a settable clock and a queue of due tasks that nothing runs until the test says so. Tasks run on
 * the calling thread, in due-time order, with the clock set to each task's due time first.
 */
public final class ManualTime implements SimTime {

    private record Entry(Instant due, long seq, Runnable task) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.due.equals(b.due)
            ? Long.compare(a.seq, b.seq) : a.due.compareTo(b.due));
    private Instant now;
    private long seq;

    public ManualTime(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        queue.add(new Entry(now.plus(delay), seq++, task));
    }

    /** Runs every task due now, including those they schedule for now; returns how many ran. */
    public int runDue() {
        int ran = 0;
        Entry next;
        while ((next = pollDue(now())) != null) {
            next.task.run();
            ran++;
        }
        return ran;
    }

    /** Moves the clock forward by {@code step}, running each task when its due time is reached. */
    public void advance(Duration step) {
        Instant target = now().plus(step);
        Entry next;
        while ((next = pollDue(target)) != null) {
            synchronized (this) {
                if (next.due.isAfter(now)) {
                    now = next.due;
                }
            }
            next.task.run();
        }
        synchronized (this) {
            now = target;
        }
    }

    public synchronized int pending() {
        return queue.size();
    }

    private synchronized Entry pollDue(Instant limit) {
        Entry head = queue.peek();
        if (head == null || head.due.isAfter(limit)) {
            return null;
        }
        return queue.poll();
    }

    @Override
    public synchronized void close() {
        queue.clear();
    }
}
