package io.opencvm.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Kills the server with SIGKILL at random moments (a random time after each start, from the run's seed) and starts
 * it again on the same database and port, a set number of times.
 */
final class Killer {

    /** One kill: when, and how long the server had been up. */
    record Kill(Instant at, Duration uptime, Duration restart) {
    }

    private final ControlPlane server;
    private final ServerGate gate;
    private final CrashSettings settings;
    private final List<Kill> kills = new ArrayList<>();
    private volatile boolean finished;

    Killer(ControlPlane server, ServerGate gate, CrashSettings settings) {
        this.server = server;
        this.gate = gate;
        this.settings = settings;
    }

    /** Runs every kill and restart; ends with the server up. */
    void run() {
        SplittableRandom random = new SplittableRandom(settings.seed() ^ 0x6b696c6cL);
        try {
            for (int i = 0; i < settings.kills(); i++) {
                long spread = settings.maxUptime().toMillis() - settings.minUptime().toMillis();
                Duration uptime = settings.minUptime().plusMillis(spread <= 0 ? 0 : random.nextLong(spread + 1));
                gate.pause(uptime);
                Instant at = Instant.now();
                server.kill9();
                gate.down();
                Instant restarting = Instant.now();
                server.start();
                gate.up();
                synchronized (kills) {
                    kills.add(new Kill(at, uptime, Duration.between(restarting, Instant.now())));
                }
            }
        } finally {
            finished = true;
        }
    }

    boolean finished() {
        return finished;
    }

    List<Kill> kills() {
        synchronized (kills) {
            return List.copyOf(kills);
        }
    }
}
