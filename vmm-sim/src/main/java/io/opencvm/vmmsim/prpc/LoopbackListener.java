package io.opencvm.vmmsim.prpc;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP listener on 127.0.0.1 only, with up to {@code threads} daemon request threads (idle ones end); port 0
 * picks a free port. It can stop accepting connections (the socket closes, open connections are cut) and listen
 * again on the same port.
 */
public final class LoopbackListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackListener.class);
    private static final long REBIND_PATIENCE_MS = 5_000;

    private final ThreadPoolExecutor executor;
    private final HttpHandler handler;
    private final int port;
    private HttpServer server;
    private boolean accepting;
    private boolean closed;

    public LoopbackListener(int port, int threads, String name, HttpHandler handler) {
        this.handler = handler;
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        server = bind(port);
        this.port = server.getAddress().getPort();
    }

    private HttpServer bind(int onPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 64);
            created.setExecutor(executor);
            created.createContext("/", handler);
            return created;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + onPort, e);
        }
    }

    public synchronized void start() {
        server.start();
        accepting = true;
    }

    public int port() {
        return port;
    }

    /** Closes the listening socket and every open connection: new connections are refused until resumed. */
    public synchronized void stopAccepting() {
        if (!accepting) {
            return;
        }
        accepting = false;
        server.stop(0);
        LOG.info("127.0.0.1:{} stopped accepting connections", port);
    }

    /** Listens again on the same port after {@link #stopAccepting()}. */
    public synchronized void resumeAccepting() {
        if (accepting || closed) {
            return;
        }
        long deadline = System.currentTimeMillis() + REBIND_PATIENCE_MS;
        while (true) {
            try {
                server = bind(port);
                break;
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof BindException) || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
        server.start();
        accepting = true;
        LOG.info("127.0.0.1:{} accepts connections again", port);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (accepting) {
            server.stop(0);
            accepting = false;
        }
        executor.shutdownNow();
    }
}
