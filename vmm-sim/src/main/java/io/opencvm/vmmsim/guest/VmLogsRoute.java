package io.opencvm.vmmsim.guest;

import io.opencvm.vmmsim.prpc.StreamRoute;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/**
 * dstack-vmm's {@code GET /logs?id=<vm>&follow=<bool>&ansi=<bool>&lines=<n>&ch=serial|stdout|stderr}: the last
 * {@code lines} lines (default 10000) of the VM's serial console or QEMU's stdout/stderr as plain text, ANSI
 * sequences stripped unless {@code ansi}; with {@code follow}, then every new line until the VM's process ends,
 * the VM is removed or the client goes; after a minute without a line, {@code [vmm heartbeat]}. Unknown VM: 404
 * {@code VM not found}; unknown channel: 400 {@code Unknown channel <ch>}.
 */
public final class VmLogsRoute implements StreamRoute {

    static final long DEFAULT_LINES = 10_000;

    private final GuestDirectory guests;
    private final StreamLimits limits;

    public VmLogsRoute(GuestDirectory guests, StreamLimits limits) {
        this.guests = guests;
        this.limits = limits;
    }

    @Override
    public Opened open(String method, String path, Map<String, String> query) {
        if (!method.equals("GET") || !path.equals("/logs")) {
            return Opened.reply(404, "404: Not Found");
        }
        boolean follow;
        boolean ansi;
        long lines;
        try {
            follow = QueryFlags.bool(query, "follow");
            ansi = QueryFlags.bool(query, "ansi");
            lines = QueryFlags.unsigned(query, "lines", DEFAULT_LINES);
        } catch (QueryFlags.Invalid e) {
            return Opened.reply(422, "422: Unprocessable Entity");
        }
        LogChannel log = guests.vmLog(query.getOrDefault("id", ""), "serial");
        if (log == null) {
            return Opened.reply(404, "VM not found");
        }
        String ch = query.getOrDefault("ch", "serial");
        LogChannel channel = guests.vmLog(query.getOrDefault("id", ""), ch);
        if (channel == null) {
            return Opened.reply(400, "Unknown channel " + ch);
        }
        Function<String, String> render = ansi ? Function.identity() : QueryFlags::stripAnsi;
        return Opened.stream(sink -> write(channel, lines, follow, render, sink));
    }

    private void write(LogChannel channel, long lines, boolean follow, Function<String, String> render, Sink sink)
            throws IOException, InterruptedException {
        LogChannel.Tail tail = channel.tail(lines);
        for (LogLine line : tail.lines()) {
            sink.send(render.apply(line.text()));
        }
        if (follow) {
            new Follower(channel, limits, sink).follow(tail.next(), line -> render.apply(line.text()),
                    limits.heartbeat().toMillis(), "[vmm heartbeat]\n");
        }
    }
}
