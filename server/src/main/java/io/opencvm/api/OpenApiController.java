package io.opencvm.api;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the project's own OpenAPI document (open to everyone, like the hosted API's). */
@RestController
@PublicEndpoint
class OpenApiController {

    private final byte[] document;

    OpenApiController() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/static-api/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the classpath");
            }
            this.document = in.readAllBytes();
        }
    }

    @GetMapping("/api/v1/openapi.json")
    ResponseEntity<byte[]> openApi() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document);
    }
}
