package io.opencvm.dashboard;

import io.opencvm.api.JsonBody;
import tools.jackson.databind.JsonNode;

/** {@code {"api_key": "…"}}; shape errors are FastAPI-shaped 422s that never echo the key. */
record SignInRequest(String apiKey) {

    static SignInRequest parse(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String key = body.requiredSecret("api_key");
        body.throwIfAny();
        return new SignInRequest(key);
    }

    @Override
    public String toString() {
        return "SignInRequest[***]";
    }
}
