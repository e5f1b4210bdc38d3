package io.opencvm.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

/**
 * A webhook endpoint on loopback for tests: records every request (headers and raw body) and answers the
 * status {@code answer} gives for each request in turn (its number, from 1).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received: lower-case header names, the body exactly as sent. */
    public record Received(Map<String, String> headers, String body) {
    }

    /** Decides the answer to the n-th request (1-based); may block to play a slow endpoint. */
    public interface Answer {
        int status(int requestNumber);
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private WebhookReceiver(Answer answer) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            int number;
            synchronized (received) {
                received.add(new Received(headers, body));
                number = received.size();
            }
            int status = answer.status(number);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public static WebhookReceiver answering(Answer answer) {
        return new WebhookReceiver(answer);
    }

    public static WebhookReceiver ok() {
        return answering(n -> 200);
    }

    public static WebhookReceiver always(IntSupplier status) {
        return answering(n -> status.getAsInt());
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
