package io.opencvm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestHttp;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The project's own OpenAPI document describes Replicate CVM exactly as the published seed does:
 * path, operationId, parameters, nullable ReplicateRequest body and response codes.
 */
@ServerTest
class OpenApiContractTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path SEED = Path.of("../../shared/seed/000_128a6aad2e1b02c7.txt");

    @LocalServerPort
    int port;

    @Test
    void servedDocumentMatchesTheSeedForReplicateCvm() throws Exception {
        JsonNode facts = seedFacts();
        TestHttp.Reply response = TestHttp.to(port).get("/api/v1/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        JsonNode doc = JSON.readTree(response.body());
        JsonNode op = doc.path("paths").path(facts.get("path").asString()).path(facts.get("method").asString());

        assertThat(op.path("operationId").asString()).isEqualTo(facts.get("operationId").asString());
        for (JsonNode expected : facts.get("parameters")) {
            JsonNode actual = parameter(op, expected.get("name").asString());
            assertThat(actual).as("parameter %s", expected.get("name")).isNotNull();
            assertThat(actual.get("in")).isEqualTo(expected.get("in"));
            assertThat(actual.get("required")).isEqualTo(expected.get("required"));
            assertThat(actual.get("schema")).isEqualTo(expected.get("schema"));
        }
        assertThat(op.path("requestBody")).isEqualTo(facts.get("requestBody"));
        assertThat(names(op.path("responses"))).isEqualTo(texts(facts.get("responses")));
        JsonNode properties = doc.path("components").path("schemas").path("ReplicateRequest").path("properties");
        facts.get("ReplicateRequest").properties().forEach(field -> {
            JsonNode ours = properties.path(field.getKey());
            assertThat(ours.path("anyOf")).as(field.getKey()).isEqualTo(field.getValue().get("anyOf"));
            assertThat(ours.path("title")).as(field.getKey()).isEqualTo(field.getValue().get("title"));
        });
    }

    @Test
    void theFactsFixtureIsTrueToThePublishedSeed() throws Exception {
        assumeTrue(Files.exists(SEED), "the shared seed is not beside this checkout");
        String text = Files.readString(SEED);
        String yaml = text.substring(text.indexOf("````yaml") + 8);
        yaml = yaml.substring(yaml.indexOf('\n') + 1, yaml.lastIndexOf("````"));
        JsonNode seed = JSON.valueToTree(new Yaml().load(yaml));
        JsonNode facts = seedFacts();
        JsonNode op = seed.path("paths").path(facts.get("path").asString()).path("post");
        assertThat(op.path("operationId")).isEqualTo(facts.get("operationId"));
        assertThat(op.path("requestBody")).isEqualTo(facts.get("requestBody"));
        assertThat(names(op.path("responses"))).isEqualTo(texts(facts.get("responses")));
        for (JsonNode p : facts.get("parameters")) {
            assertThat(parameter(op, p.get("name").asString()).get("schema")).isEqualTo(p.get("schema"));
        }
    }

    private static JsonNode seedFacts() throws Exception {
        try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/contract/replicate-seed-facts.json")) {
            return JSON.readTree(in);
        }
    }

    private static JsonNode parameter(JsonNode op, String name) {
        for (JsonNode p : op.path("parameters")) {
            if (p.path("name").asString().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static TreeSet<String> names(JsonNode object) {
        TreeSet<String> out = new TreeSet<>();
        object.properties().forEach(e -> out.add(e.getKey()));
        return out;
    }

    private static TreeSet<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return new TreeSet<>(out);
    }

}
