package io.opencvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code docs/openapi.json} is the document the server serves at {@code /api/v1/openapi.json}, whole, for readers
 * and client authors who have no server running. The server assembles it from the base and each feature's
 * {@code static-api/paths/*.json}; this keeps the copy equal to that. After changing a route, write it again with
 * {@code mvn -pl server test -Dtest=PublishedDocumentTest -Dopencvm.openapi.write=true}.
 */
class PublishedDocumentTest {

    private static final Path PUBLISHED = Path.of("..", "docs", "openapi.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void docsHoldsTheDocumentTheServerServes() throws IOException {
        JsonNode served = JSON.readTree(OpenApiDocument.load());
        if (Boolean.getBoolean("opencvm.openapi.write")) {
            Files.writeString(PUBLISHED, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n");
        }

        JsonNode published = JSON.readTree(Files.readString(PUBLISHED));

        assertThat(published).as("docs/openapi.json is stale: write it again (see this test's comment)")
                .isEqualTo(served);
    }
}
