package io.opencvm.dashboard;

import io.opencvm.api.ValidationProblem;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** {@code {"api_key": "…"}}; shape errors are FastAPI-shaped 422s that never echo the key. */
record SignInRequest(String apiKey) {

    static SignInRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ValidationProblem.of(List.of("body"), "Input should be a valid dictionary or object to extract fields from",
                    "model_attributes_type", null);
        }
        JsonNode key = body.get("api_key");
        if (key == null || key.isNull()) {
            throw ValidationProblem.missingBodyField("api_key");
        }
        if (!key.isString()) {
            throw ValidationProblem.of(List.of("body", "api_key"), "Input should be a valid string", "string_type", null);
        }
        if (key.asString().isBlank()) {
            throw ValidationProblem.of(List.of("body", "api_key"), "String should have at least 1 character",
                    "string_too_short", null);
        }
        return new SignInRequest(key.asString());
    }
}
