package io.opencvm.update;

import io.opencvm.api.JsonBody;
import tools.jackson.databind.JsonNode;

/** A parsed {@code PATCH /cvms/{id}/os-image} body: the image's name (or slug) as {@code available-os-images} lists it. */
record OsImageRequest(String name) {

    static OsImageRequest parse(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String name = body.text("os_image_name", body.requiredString("os_image_name"), 1, 64);
        body.throwIfAny();
        return new OsImageRequest(name);
    }
}
