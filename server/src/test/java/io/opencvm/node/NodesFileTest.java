package io.opencvm.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.kms.KmsRegistry;
import io.opencvm.kms.KmsService;
import io.opencvm.testsupport.ServerTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

@ServerTest
@TestPropertySource(properties = "opencvm.nodes.probe-interval=PT1H")
class NodesFileTest {

    static final String CONTENTS = """
            {"kms": [{"id": "kms_file_dev", "slug": "file-dev", "url": "http://127.0.0.1:9/", "version": "v0.5.4",
                      "is_default": true},
                     {"id": "kms_file_base", "url": "http://127.0.0.1:9/", "chain_id": 8453,
                      "kms_contract_address": "0x1111111111111111111111111111111111111111"}],
             "nodes": [{"name": "file-node-1", "vmm_url": "http://127.0.0.1:9/", "vmm_token": "t1", "region": "eu",
                        "vcpu": 16, "memory_mb": 32768, "disk_gb": 1000, "slots": 8, "kms": "file-dev"},
                       {"name": "file-node-2", "vmm_url": "http://127.0.0.1:9/", "listed": false,
                        "capacity": {"vcpu": 4, "memory_mb": 8192, "disk_gb": 100, "slots": 2},
                        "device_id": "%s"}]}
            """.formatted("0a".repeat(32));

    @DynamicPropertySource
    static void nodesFile(DynamicPropertyRegistry registry) {
        try {
            Path file = Files.createTempFile("opencvm-nodes", ".json");
            Files.writeString(file, CONTENTS);
            file.toFile().deleteOnExit();
            registry.add("opencvm.nodes-file", file::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    NodeService nodes;
    @Autowired
    KmsService kms;
    @Autowired
    NodesFile nodesFile;
    @Autowired
    NodeRegistry registry;
    @Autowired
    KmsRegistry kmsRegistry;

    private Node named(String name) {
        return nodes.all().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theNodesFileRegistersItsKmsAndNodesAtStart() {
        Node one = named("file-node-1");
        Node two = named("file-node-2");

        assertThat(kms.get("kms_file_dev").isDefault()).isTrue();
        assertThat(kms.get("kms_file_base").kmsType()).isEqualTo("base");
        assertThat(one.capacity()).isEqualTo(new Resources(16, 32768, 1000, 8));
        assertThat(one.kmsId()).isEqualTo(kms.get("file-dev").pk());
        assertThat(one.settings().vmmToken()).isEqualTo("t1");
        assertThat(one.settings().listed()).isTrue();
        assertThat(one.settings().openToAll()).isTrue();
        assertThat(two.settings().listed()).isFalse();
        assertThat(two.capacity()).isEqualTo(new Resources(4, 8192, 100, 2));
        assertThat(two.deviceId()).isEqualTo("0a".repeat(32));
    }

    @Test
    void loadingTheFileAgainChangesNothing() throws Exception {
        Node before = named("file-node-1");
        int count = nodes.all().size();

        nodesFile.run(new DefaultApplicationArguments());

        assertThat(nodes.all()).hasSize(count);
        Node after = named("file-node-1");
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.capacity()).isEqualTo(before.capacity());
    }

    @Test
    void aBadOrMissingFileStopsTheStartWithAClearMessageAndRegistersNothingBad() throws Exception {
        Path bad = Files.createTempFile("opencvm-nodes-bad", ".json");
        Files.writeString(bad, "{\"nodes\":[{\"name\":\"bad node\",\"vmm_url\":\"http://x/\",\"vcpu\":1,"
                + "\"memory_mb\":1,\"disk_gb\":1,\"slots\":1}]}");
        Path missing = bad.resolveSibling("no-such-nodes-file.json");

        assertThatThrownBy(() -> new NodesFile(bad.toString(), kmsRegistry, registry).run(new DefaultApplicationArguments()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("node bad node").hasMessageContaining("name");
        assertThatThrownBy(() -> new NodesFile(missing.toString(), kmsRegistry, registry).run(new DefaultApplicationArguments()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-nodes-file.json");
        assertThat(nodes.all()).noneMatch(n -> n.name().equals("bad node"));
        Files.delete(bad);
    }
}
