package io.opencvm.vmmsim.fault;

import io.opencvm.vmmsim.prpc.Json;
import io.opencvm.vmmsim.prpc.RawRoute.Reply;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The test-only HTTP face of one {@link Faults} (not a dstack route; served only with test hooks on), relative to
 * where it is mounted ({@code /test/} on a node, {@code /test/nodes/<name>/} on the control listener):
 *
 * <ul>
 *   <li>{@code GET faults} the switches; {@code PUT faults} replaces them all with the body ({@code {}} = all off);
 *       {@code POST faults} sets the switches the body names and keeps the others ({@code null} turns one off);
 *       {@code DELETE faults} turns all off. Each answers the switches now in force.</li>
 *   <li>{@code GET calls} {@code {"since_ms","now_ms","calls":{method: n}}}; {@code DELETE calls} restarts the count.</li>
 *   <li>{@code POST vmm-restart} (nodes only) {@code {"down_ms": n}}: a VMM restart that forgets what dstack-vmm
 *       keeps in memory, with the port closed for {@code down_ms} (default 0) right after the answer.</li>
 * </ul>
 * Bad JSON or an unknown switch is 400 {@code {"error": …}} and changes nothing.
 */
public final class FaultRoutes {

    private static final ObjectMapper STRICT = Json.MAPPER.rebuild()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private static final long MAX_DOWN_MS = Duration.ofMinutes(5).toMillis();

    private final Faults faults;
    private final Consumer<Duration> vmmRestart;

    /**
     * @param vmmRestart restarts the VMM with the given downtime and returns at once; {@code null} for a KMS (no such
     *     route)
     */
    public FaultRoutes(Faults faults, Consumer<Duration> vmmRestart) {
        this.faults = faults;
        this.vmmRestart = vmmRestart;
    }

    /** Answers {@code method} on {@code what} ({@code faults}, {@code calls} or {@code vmm-restart}). */
    public Reply handle(String method, String what, String body) {
        try {
            return switch (what) {
                case "faults" -> faultsRoute(method, body);
                case "calls" -> callsRoute(method);
                case "vmm-restart" -> vmmRestart == null ? notFound() : restartRoute(method, body);
                default -> notFound();
            };
        } catch (IllegalArgumentException e) {
            return Reply.error(400, e.getMessage());
        }
    }

    private Reply faultsRoute(String method, String body) {
        switch (method) {
            case "GET" -> { }
            case "PUT" -> faults.replace(parse(object(body)));
            case "POST" -> faults.replace(parse(merge(object(body))));
            case "DELETE" -> faults.clear();
            default -> {
                return notAllowed();
            }
        }
        return Reply.json(200, faults.toJson());
    }

    private Reply callsRoute(String method) {
        switch (method) {
            case "GET" -> { }
            case "DELETE" -> faults.calls().reset();
            default -> {
                return notAllowed();
            }
        }
        return Reply.json(200, faults.callsJson());
    }

    private Reply restartRoute(String method, String body) {
        if (!method.equals("POST")) {
            return notAllowed();
        }
        ObjectNode request = object(body);
        long downMs = request.path("down_ms").asLong(0);
        if (downMs < 0 || downMs > MAX_DOWN_MS || (request.has("down_ms") && !request.get("down_ms").isIntegralNumber())) {
            throw new IllegalArgumentException("down_ms must be an integer 0.." + MAX_DOWN_MS);
        }
        for (Iterator<String> names = request.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("down_ms")) {
                throw new IllegalArgumentException("unknown field " + name + "; only down_ms");
            }
        }
        vmmRestart.accept(Duration.ofMillis(downMs));
        return Reply.json(200, Json.MAPPER.writeValueAsString(Map.of("restarting", true, "down_ms", downMs)));
    }

    private ObjectNode merge(ObjectNode changes) {
        ObjectNode base = Json.MAPPER.valueToTree(faults.current());
        changes.properties().forEach(field -> {
            if (field.getValue().isNull()) {
                base.remove(field.getKey());
            } else {
                base.set(field.getKey(), field.getValue());
            }
        });
        return base;
    }

    private static FaultSet parse(ObjectNode document) {
        try {
            return STRICT.treeToValue(document, FaultSet.class);
        } catch (JacksonException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String text = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException(text);
        }
    }

    private static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("body is not JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("body must be a JSON object");
        }
        return object;
    }

    private static Reply notFound() {
        return Reply.error(404, "no such test route");
    }

    private static Reply notAllowed() {
        return Reply.error(405, "method not allowed on this test route");
    }
}
