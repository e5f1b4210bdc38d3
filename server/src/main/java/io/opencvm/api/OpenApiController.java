package io.opencvm.api;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the project's own OpenAPI document (open to everyone, like the hosted API's); see {@link OpenApiDocument}. */
@RestController
@PublicEndpoint
class OpenApiController {

    private final byte[] document = OpenApiDocument.load();

    @GetMapping("/api/v1/openapi.json")
    ResponseEntity<byte[]> openApi() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document);
    }
}
