package io.opencvm.vmmsim.guest;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An append-only log that keeps its last {@code capacity} lines (like a rotated file) and lets readers follow
 * it. The channel is <em>live</em> while its producer runs (a VM process, a container); followers wait for new
 * lines while it is live and end once it is not and they have read everything. Thread-safe on its own monitor,
 * so followers never hold the node's lock.
 */
public final class LogChannel {

    private final int capacity;
    private final Deque<LogLine> lines = new ArrayDeque<>();
    private long nextSeq;
    private boolean live;
    private boolean removed;

    public LogChannel(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void append(Instant at, String stream, String text) {
        if (removed) {
            return;
        }
        lines.addLast(new LogLine(nextSeq++, at, stream, text.endsWith("\n") ? text : text + "\n"));
        while (lines.size() > capacity) {
            lines.removeFirst();
        }
        notifyAll();
    }

    /** The producer started (again): followers that start from now on wait for its lines. */
    public synchronized void goLive() {
        live = true;
        notifyAll();
    }

    /** The producer ended: followers drain and end. */
    public synchronized void endLive() {
        live = false;
        notifyAll();
    }

    /** The VM was removed: nothing more is written, every follower ends. */
    public synchronized void remove() {
        removed = true;
        live = false;
        notifyAll();
    }

    public synchronized boolean live() {
        return live;
    }

    /** The last {@code n} lines (all when {@code n} is larger), and where a follower continues after them. */
    public synchronized Tail tail(long n) {
        List<LogLine> all = new ArrayList<>(lines);
        return new Tail(List.copyOf(all.subList((int) Math.max(0, all.size() - Math.min(n, all.size())), all.size())),
                nextSeq);
    }

    /** Every kept line, oldest first. */
    public synchronized List<LogLine> all() {
        return new ArrayList<>(lines);
    }

    /** The sequence number the next line will get. */
    public synchronized long end() {
        return nextSeq;
    }

    /**
     * Lines from {@code seq} on; when there are none yet and the channel is live, waits up to {@code waitMillis}
     * of wall-clock time for one. An empty result with {@link Batch#ended()} means no more lines will come.
     */
    public synchronized Batch after(long seq, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (nextSeq <= seq && live && !removed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Batch(List.of(), false);
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        List<LogLine> out = new ArrayList<>();
        for (LogLine line : lines) {
            if (line.seq() >= seq) {
                out.add(line);
            }
        }
        return new Batch(out, out.isEmpty() && (!live || removed));
    }

    /** The end of a log and the sequence number of the line that will follow it. */
    public record Tail(List<LogLine> lines, long next) {
    }

    /** Lines read by {@link #after}; {@code ended} when the channel has stopped and nothing is left. */
    public record Batch(List<LogLine> lines, boolean ended) {
    }
}
