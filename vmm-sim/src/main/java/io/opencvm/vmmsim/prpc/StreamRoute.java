package io.opencvm.vmmsim.prpc;

import java.io.IOException;
import java.util.Map;

/**
 * A non-pRPC route whose success is a streamed text body ({@code GET /logs}, container logs): Rocket's
 * {@code TextStream}, sent chunked as it is produced. Errors are answered at once with a plain reply.
 */
@FunctionalInterface
public interface StreamRoute {

    Opened open(String method, String path, Map<String, String> query);

    /** Writes the body, chunk by chunk; returns when the stream is over. Must end on its own (bounded). */
    @FunctionalInterface
    interface Producer {
        void produce(Sink sink) throws IOException, InterruptedException;
    }

    /** Sends one chunk and flushes it; fails once the client has gone. */
    @FunctionalInterface
    interface Sink {
        void send(String chunk) throws IOException;
    }

    /** Either an immediate {@code reply} or a 200 stream of {@code contentType} written by {@code producer}. */
    record Opened(RawRoute.Reply reply, String contentType, Producer producer) {

        public static Opened reply(int status, String body) {
            return new Opened(new RawRoute.Reply(status, "text/plain; charset=utf-8", body), null, null);
        }

        public static Opened stream(Producer producer) {
            return new Opened(null, "text/plain; charset=utf-8", producer);
        }
    }
}
