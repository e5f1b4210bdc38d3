package io.opencvm.vmmsim.prpc;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one request message the way prpc's serde extension does: a missing field takes its proto default,
 * unknown fields are ignored, bytes are hex. A query-string request ({@code GET}) is lenient about scalars,
 * because serde_qs delivers every value as text.
 */
public final class Fields {

    private final ObjectNode node;
    private final boolean fromQuery;

    public Fields(ObjectNode node, boolean fromQuery) {
        this.node = node;
        this.fromQuery = fromQuery;
    }

    public static Fields empty() {
        return new Fields(JsonNodeFactory.instance.objectNode(), false);
    }

    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    public String str(String name) {
        String value = optStr(name);
        return value == null ? "" : value;
    }

    public String optStr(String name) {
        if (!has(name)) {
            return null;
        }
        JsonNode value = node.get(name);
        if (value.isString() || (fromQuery && value.isValueNode())) {
            return value.asString();
        }
        throw typeError(name, value, "a string");
    }

    public long u32(String name) {
        Long value = optU32(name);
        return value == null ? 0 : value;
    }

    public Long optU32(String name) {
        if (!has(name)) {
            return null;
        }
        JsonNode value = node.get(name);
        if (value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0 && value.asLong() <= 0xffffffffL) {
            return value.asLong();
        }
        if (fromQuery && value.isString() && value.asString().matches("\\d{1,10}")) {
            long parsed = Long.parseLong(value.asString());
            if (parsed <= 0xffffffffL) {
                return parsed;
            }
        }
        throw typeError(name, value, "u32");
    }

    public boolean bool(String name) {
        Boolean value = optBool(name);
        return value != null && value;
    }

    public Boolean optBool(String name) {
        if (!has(name)) {
            return null;
        }
        JsonNode value = node.get(name);
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (fromQuery && value.isString() && (value.asString().equals("true") || value.asString().equals("false"))) {
            return Boolean.parseBoolean(value.asString());
        }
        throw typeError(name, value, "a boolean");
    }

    public byte[] bytes(String name) {
        String hex = optStr(name);
        if (hex == null) {
            return new byte[0];
        }
        try {
            return Hex.decode(hex);
        } catch (RpcError e) {
            throw new RpcError("Failed to decode request: field `" + name + "`: " + e.getMessage());
        }
    }

    public List<String> strList(String name) {
        List<String> out = new ArrayList<>();
        for (Fields item : items(name, true)) {
            out.add(item.str("value"));
        }
        return out;
    }

    public List<Fields> list(String name) {
        return items(name, false);
    }

    /** A singular message field; {@code null} when unset. */
    public Fields obj(String name) {
        if (!has(name)) {
            return null;
        }
        JsonNode value = node.get(name);
        if (!value.isObject()) {
            throw typeError(name, value, "a struct");
        }
        return new Fields((ObjectNode) value, fromQuery);
    }

    private List<Fields> items(String name, boolean scalars) {
        List<Fields> out = new ArrayList<>();
        if (!has(name)) {
            return out;
        }
        JsonNode value = node.get(name);
        if (!value.isArray()) {
            throw typeError(name, value, "a sequence");
        }
        for (JsonNode item : value) {
            if (scalars) {
                ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
                wrapper.set("value", item);
                out.add(new Fields(wrapper, fromQuery));
            } else if (item.isObject()) {
                out.add(new Fields((ObjectNode) item, fromQuery));
            } else {
                throw typeError(name, item, "a struct");
            }
        }
        return out;
    }

    private static RpcError typeError(String name, JsonNode value, String expected) {
        return new RpcError("Failed to decode request: invalid type: " + value.getNodeType().name().toLowerCase()
                + " `" + value + "`, expected " + expected + " for field `" + name + "`");
    }
}
