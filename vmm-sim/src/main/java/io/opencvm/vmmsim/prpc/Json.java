package io.opencvm.vmmsim.prpc;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the simulator. Record components are camelCase in Java and snake_case on the wire
 * (the proto field names); nulls are written, as serde writes unset optionals as explicit {@code null}.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /**
     * serde_json's {@code to_string_pretty}: two-space indent, {@code "key": value}, one array element per line,
     * {@code []} and {@code {}} for empty containers, keys in the order given.
     */
    public static String serdePretty(Object value) {
        StringBuilder out = new StringBuilder();
        pretty(MAPPER.valueToTree(value), 0, out);
        return out.toString();
    }

    private static void pretty(JsonNode node, int depth, StringBuilder out) {
        if (node.isObject() && !node.isEmpty()) {
            out.append("{\n");
            var fields = node.properties().iterator();
            while (fields.hasNext()) {
                var field = fields.next();
                out.append("  ".repeat(depth + 1)).append(MAPPER.writeValueAsString(field.getKey())).append(": ");
                pretty(field.getValue(), depth + 1, out);
                out.append(fields.hasNext() ? ",\n" : "\n");
            }
            out.append("  ".repeat(depth)).append('}');
        } else if (node.isArray() && !node.isEmpty()) {
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                out.append("  ".repeat(depth + 1));
                pretty(node.get(i), depth + 1, out);
                out.append(i + 1 < node.size() ? ",\n" : "\n");
            }
            out.append("  ".repeat(depth)).append(']');
        } else {
            out.append(MAPPER.writeValueAsString(node));
        }
    }

    /** serde_json's pretty form of {@code {"error": …}}: two-space indent and no space before the colon. */
    public static String prettyError(String message) {
        return "{\n  \"error\": " + MAPPER.writeValueAsString(message) + "\n}";
    }
}
