package io.opencvm.vmmsim.prpc;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pRPC endpoint on 127.0.0.1 as dstack's {@code ra-rpc} Rocket glue serves it: {@code POST}/{@code GET
 * /prpc/<Method>}, an optional legacy prefix trimmed, JSON mode on {@code ?json}, GET or a JSON content type,
 * compact JSON on success and HTTP 400 with a pretty {@code {"error": …}} on any failure. Protobuf mode is not
 * implemented: no opencvm client uses it. More pRPC services can be mounted beside {@code /prpc} (dstack-vmm mounts
 * {@code ProxiedGuestApi} at {@code /guest}); raw routes answer plain text, stream routes stream it on their own
 * bounded pool so that followers never starve the RPC threads.
 */
public final class PrpcServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrpcServer.class);
    private static final long BODY_LIMIT = 10L * 1024 * 1024;

    private final LoopbackListener listener;
    private final StreamPool streams;
    private final String appVersion;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, RawRoute> rawRoutes = new LinkedHashMap<>();
    private final Map<String, StreamRoute> streamRoutes = new LinkedHashMap<>();
    private volatile RequestGuard guard = RequestGuard.OPEN;

    /** @param appVersion value of {@code X-App-Version}, e.g. {@code v0.5.4 (git:0123…)} */
    public PrpcServer(int port, String trimPrefix, String appVersion) {
        this(port, trimPrefix, appVersion, 32);
    }

    /** @param maxStreams streamed responses open at once; one more is answered 503 */
    public PrpcServer(int port, String trimPrefix, String appVersion, int maxStreams) {
        this.appVersion = appVersion;
        services.put("/prpc/", new Service(trimPrefix));
        streams = new StreamPool(String.valueOf(port), maxStreams);
        listener = new LoopbackListener(port, 4, "prpc-" + trimPrefix + port, this::handle);
    }

    /** Adds a method to the {@code /prpc} service. */
    public PrpcServer method(String name, RpcMethod method) {
        services.get("/prpc/").methods.put(name, method);
        return this;
    }

    /** Mounts another pRPC service at {@code mount} (e.g. {@code /guest}), with no legacy prefix. */
    public Service service(String mount) {
        return services.computeIfAbsent(mount + "/", m -> new Service(null));
    }

    /** Routes every path starting with {@code prefix} to a streaming route. */
    public PrpcServer stream(String prefix, StreamRoute route) {
        streamRoutes.put(prefix, route);
        return this;
    }

    /** Routes every path starting with {@code prefix} (outside {@code /prpc}) to {@code route}. */
    public PrpcServer raw(String prefix, RawRoute route) {
        rawRoutes.put(prefix, route);
        return this;
    }

    public PrpcServer guard(RequestGuard requestGuard) {
        this.guard = requestGuard;
        return this;
    }

    public void start() {
        listener.start();
    }

    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
        streams.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean handedOff = false;
        try {
            exchange.getResponseHeaders().set("X-App-Version", appVersion);
            exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            Map<String, String> query = QueryString.parse(rawQuery);
            if (!guard.allows(method, path, exchange.getRequestHeaders(), query)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"dstack-vmm API\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            for (Map.Entry<String, Service> service : services.entrySet()) {
                if (path.startsWith(service.getKey())) {
                    handlePrpc(exchange, service.getValue(), method, path.substring(service.getKey().length()),
                            rawQuery, query);
                    return;
                }
            }
            for (Map.Entry<String, StreamRoute> route : streamRoutes.entrySet()) {
                if (path.startsWith(route.getKey())) {
                    handedOff = streams.answer(exchange, route.getValue().open(method, path, query));
                    return;
                }
            }
            for (Map.Entry<String, RawRoute> route : rawRoutes.entrySet()) {
                if (path.startsWith(route.getKey())) {
                    RawRoute.Reply reply = route.getValue().handle(method, path, query);
                    send(exchange, reply.status(), reply.contentType(), reply.body());
                    return;
                }
            }
            send(exchange, 404, "text/plain; charset=utf-8", "404: Not Found");
        } catch (RuntimeException e) {
            LOG.warn("request failed", e);
        } finally {
            if (!handedOff) {
                exchange.close();
            }
        }
    }

    private void handlePrpc(HttpExchange exchange, Service service, String httpMethod, String name, String rawQuery,
            Map<String, String> query) throws IOException {
        boolean get = httpMethod.equals("GET");
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String jsonFlag = query.get("json");
        boolean jsonMode = get || (jsonFlag != null && (jsonFlag.isEmpty() || jsonFlag.equals("1")
                || jsonFlag.equals("true"))) || (contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/json"));
        if (!get && !httpMethod.equals("POST")) {
            send(exchange, 404, "text/plain; charset=utf-8", "404: Not Found");
            return;
        }
        if (!jsonMode) {
            send(exchange, 400, "text/plain; charset=utf-8",
                    "protobuf encoding is not supported by the simulator; add ?json");
            return;
        }
        String trimPrefix = service.trimPrefix;
        String methodName = trimPrefix != null && name.startsWith(trimPrefix) ? name.substring(trimPrefix.length()) : name;
        try {
            RpcMethod rpc = service.methods.get(methodName);
            if (rpc == null) {
                throw new RpcError((methodName.contains(".") ? "Service not found: " : "Method not found: ") + methodName);
            }
            Fields request = get ? new Fields(QueryString.toMessage(rawQuery), true) : readBody(exchange);
            Object response = rpc.call(request);
            String body = response == null ? "null" : Json.MAPPER.writeValueAsString(response);
            send(exchange, 200, "application/json", body);
        } catch (RpcError e) {
            send(exchange, 400, "application/json", Json.prettyError(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("pRPC {} failed", methodName, e);
            send(exchange, 400, "application/json", Json.prettyError(String.valueOf(e.getMessage())));
        }
    }

    /** One mounted pRPC service: its methods and the legacy prefix it trims ({@code Teepod.}, {@code KMS.}). */
    public static final class Service {
        private final String trimPrefix;
        private final Map<String, RpcMethod> methods = new LinkedHashMap<>();

        private Service(String trimPrefix) {
            this.trimPrefix = trimPrefix;
        }

        public Service method(String name, RpcMethod method) {
            methods.put(name, method);
            return this;
        }
    }

    private static Fields readBody(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes((int) BODY_LIMIT + 1);
        }
        if (body.length > BODY_LIMIT) {
            throw new RpcError("Payload too large");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Fields.empty();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new RpcError("Failed to decode request: " + e.getOriginalMessage());
        }
        if (node == null || node.isNull()) {
            return Fields.empty();
        }
        if (!node.isObject()) {
            throw new RpcError("Failed to decode request: invalid type: expected a struct");
        }
        return new Fields((ObjectNode) node, false);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        StreamPool.send(exchange, status, contentType, body);
    }
}
