package io.opencvm.node;

import io.opencvm.api.ApiException;
import io.opencvm.api.ValidationProblem;
import io.opencvm.kms.KmsRegistrationRequest;
import io.opencvm.kms.KmsRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers the KMSs and nodes of the file named by {@code opencvm.nodes-file} (env
 * {@code OPENCVM_NODES_FILE}) at start: {@code {"kms":[…], "nodes":[…]}}, snake_case keys, the same
 * shapes as {@code POST /admin/kms} and {@code POST /admin/nodes}. A bad file stops the start.
 */
@Component
@Order(0)
class NodesFile implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(NodesFile.class);
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final String file;
    private final KmsRegistry kmsRegistry;
    private final NodeRegistry nodeRegistry;

    NodesFile(@Value("${opencvm.nodes-file:${OPENCVM_NODES_FILE:}}") String file, KmsRegistry kmsRegistry,
              NodeRegistry nodeRegistry) {
        this.file = file;
        this.kmsRegistry = kmsRegistry;
        this.nodeRegistry = nodeRegistry;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (file == null || file.isBlank()) {
            return;
        }
        Contents contents = read(Path.of(file));
        for (KmsRegistrationRequest k : contents.kms()) {
            register("KMS " + k.id(), () -> kmsRegistry.register(k.toRegistration()));
        }
        for (NodeRegistrationRequest n : contents.nodes()) {
            register("node " + n.name(), () -> nodeRegistry.register(n.toRegistration()));
        }
        log.info("registered {} KMS(s) and {} node(s) from {}", contents.kms().size(), contents.nodes().size(), file);
    }

    private static Contents read(Path path) {
        try {
            return JSON.readValue(Files.readString(path), Contents.class);
        } catch (IOException | JacksonException e) {
            throw new IllegalStateException("cannot read the nodes file " + path + ": " + e.getMessage(), e);
        }
    }

    private void register(String what, Runnable registration) {
        try {
            registration.run();
        } catch (ValidationProblem e) {
            throw new IllegalStateException("nodes file " + file + ", " + what + ": "
                    + e.items().stream().map(i -> i.loc() + " " + i.msg()).toList(), e);
        } catch (ApiException e) {
            throw new IllegalStateException("nodes file " + file + ", " + what + ": " + e.getMessage(), e);
        }
    }

    record Contents(List<KmsRegistrationRequest> kms, List<NodeRegistrationRequest> nodes) {

        Contents {
            kms = kms == null ? List.of() : kms;
            nodes = nodes == null ? List.of() : nodes;
        }
    }
}
