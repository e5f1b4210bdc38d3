package io.opencvm.reliability;

import java.time.Duration;

/** Whether the server is up, so that clients wait out a restart instead of counting refusals as requests. */
final class ServerGate {

    private boolean up = true;
    private boolean closed;

    synchronized void down() {
        up = false;
    }

    synchronized void up() {
        up = true;
        notifyAll();
    }

    /** Lets every waiting client go (the run is over). */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Waits {@code pause}, or less when the gate closes. */
    synchronized void pause(Duration pause) {
        long deadline = System.nanoTime() + pause.toNanos();
        long left;
        while (!closed && (left = deadline - System.nanoTime()) > 0) {
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits until the server is up (or the gate closed, or {@code patience} passed); true when it is up. */
    synchronized boolean awaitUp(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        long left;
        while (!up && !closed && (left = deadline - System.nanoTime()) > 0) {
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return up && !closed;
    }
}
