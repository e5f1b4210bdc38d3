package io.opencvm.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A contract compiled by {@code tools/evm/compile.mjs} during the build, read from the test
 * classpath ({@code contracts/<Name>.json}): its ABI, creation bytecode and runtime bytecode.
 */
public record ContractArtifact(String name, JsonNode abi, String bytecode, String deployedBytecode) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static ContractArtifact load(String name) {
        String resource = "contracts/" + name + ".json";
        try (InputStream in = ContractArtifact.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath; the Maven "
                        + "generate-test-resources phase compiles contracts/*.sol (needs node)");
            }
            JsonNode json = JSON.readTree(in);
            return new ContractArtifact(name, json.get("abi"), json.get("bytecode").asString(),
                    json.get("deployedBytecode").asString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
