package io.opencvm.vmmsim.prpc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Query-string decoding: a flat map for routing, and serde_qs-like request messages for {@code GET /prpc/…}. */
public final class QueryString {

    private QueryString() {
    }

    public static Map<String, String> parse(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(key, value);
        }
        return out;
    }

    /** {@code ids[0]=a&ids[1]=b}, {@code ids[]=a} and repeated keys become arrays; transport keys are skipped. */
    public static ObjectNode toMessage(String raw) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        if (raw == null || raw.isEmpty()) {
            return message;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (key.isEmpty() || key.equals("json") || key.equals("token")) {
                continue;
            }
            int bracket = key.indexOf('[');
            if (bracket > 0) {
                appendTo(message, key.substring(0, bracket), value);
            } else if (message.has(key)) {
                appendTo(message, key, value);
            } else {
                message.put(key, value);
            }
        }
        return message;
    }

    private static void appendTo(ObjectNode message, String key, String value) {
        JsonNode existing = message.get(key);
        ArrayNode array;
        if (existing instanceof ArrayNode a) {
            array = a;
        } else {
            array = message.putArray(key);
            if (existing != null) {
                array.add(existing);
            }
        }
        array.add(value);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
