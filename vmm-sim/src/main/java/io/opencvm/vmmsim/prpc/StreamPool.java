package io.opencvm.vmmsim.prpc;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads for streamed responses, apart from the request threads and bounded: one stream more than the limit is
 * answered 503 at once. Closing it interrupts every open stream.
 */
public final class StreamPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamPool.class);

    private final ThreadPoolExecutor threads;

    public StreamPool(String name, int maxStreams) {
        threads = new ThreadPoolExecutor(0, maxStreams, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "stream-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Answers {@code opened}: a plain reply at once, or a stream on a pool thread; true when handed off. */
    public boolean answer(HttpExchange exchange, StreamRoute.Opened opened) throws IOException {
        if (opened.producer() == null) {
            send(exchange, opened.reply().status(), opened.reply().contentType(), opened.reply().body());
            return false;
        }
        try {
            threads.execute(() -> stream(exchange, opened));
            return true;
        } catch (RejectedExecutionException e) {
            send(exchange, 503, "text/plain; charset=utf-8", "too many open streams");
            return false;
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** A complete plain response. */
    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void stream(HttpExchange exchange, StreamRoute.Opened opened) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", opened.contentType());
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            opened.producer().produce(chunk -> {
                body.write(chunk.getBytes(StandardCharsets.UTF_8));
                body.flush();
            });
        } catch (IOException e) {
            LOG.debug("stream ended: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("stream failed", e);
        }
    }
}
