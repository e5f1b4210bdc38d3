package io.opencvm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Reads a process's resident set ({@code VmRSS}) and CPU time every second while it lives. */
final class RssSampler implements AutoCloseable {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final long pid;
    private final AtomicLong maxKb = new AtomicLong();
    private final AtomicLong windowMaxKb = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private RssSampler(long pid) {
        this.pid = pid;
        this.thread = new Thread(this::loop, "bench-rss-" + pid);
        thread.setDaemon(true);
    }

    static RssSampler start(long pid) {
        RssSampler s = new RssSampler(pid);
        s.thread.start();
        return s;
    }

    private void loop() {
        while (running) {
            long kb = rssKb(pid);
            if (kb > 0) {
                maxKb.accumulateAndGet(kb, Math::max);
                windowMaxKb.accumulateAndGet(kb, Math::max);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Highest RSS seen since the process started, in MB. */
    long maxMb() {
        return maxKb.get() / 1024;
    }

    /** Highest RSS since the last call (or start), in MB; starts a new window. */
    long windowMaxMb() {
        long kb = Math.max(windowMaxKb.getAndSet(0), rssKb(pid));
        maxKb.accumulateAndGet(kb, Math::max);
        return kb / 1024;
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            return 0;
        }
        return 0;
    }

    /** User plus system CPU time of the process (and of its reaped children), in milliseconds. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
