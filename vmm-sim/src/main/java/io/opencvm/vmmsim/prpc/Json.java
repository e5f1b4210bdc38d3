package io.opencvm.vmmsim.prpc;

import tools.jackson.databind.DeserializationFeature;
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

    /** serde_json's pretty form of {@code {"error": …}}: two-space indent and no space before the colon. */
    public static String prettyError(String message) {
        return "{\n  \"error\": " + MAPPER.writeValueAsString(message) + "\n}";
    }
}
