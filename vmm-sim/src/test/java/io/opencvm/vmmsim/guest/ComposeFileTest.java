package io.opencvm.vmmsim.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Container names and images as Compose v2 derives them, and the files Compose refuses. */
class ComposeFileTest {

    @Test
    void containersAreNamedProjectServiceNumberWithDstackAsTheDefaultProject() {
        ComposeFile compose = ComposeFile.parse("services:\n  web:\n    image: nginx\n  api:\n    build: .\n"
                + "    scale: 2\n  db:\n    image: postgres:16\n    container_name: my-db\n");
        assertThat(compose.project()).isEqualTo("dstack");
        assertThat(compose.containers().stream().map(ComposeFile.Container::name).toList())
                .containsExactly("dstack-web-1", "dstack-api-1", "dstack-api-2", "my-db");
        assertThat(compose.containers().stream().map(ComposeFile.Container::image).toList())
                .containsExactly("nginx", "dstack-api", "dstack-api", "postgres:16");
    }

    @Test
    void aTopLevelNameIsTheProjectNormalisedAsComposeDoes() {
        ComposeFile compose = ComposeFile.parse("name: My Shop!\nservices:\n  web:\n    image: nginx\n");
        assertThat(compose.containers().get(0).name()).isEqualTo("myshop-web-1");
    }

    @Test
    void aChangedServiceDefinitionChangesOnlyItsHash() {
        List<ComposeFile.Container> a = ComposeFile.parse("services:\n  a:\n    image: x:1\n  b:\n    image: y\n")
                .containers();
        List<ComposeFile.Container> b = ComposeFile.parse("services:\n  a:\n    image: x:2\n  b:\n    image: y\n")
                .containers();
        assertThat(a.get(0).definitionHash()).isNotEqualTo(b.get(0).definitionHash());
        assertThat(a.get(1).definitionHash()).isEqualTo(b.get(1).definitionHash());
    }

    @Test
    void yaml12ScalarsStayStringsAndNoServicesMeansNoContainers() {
        assertThat(ComposeFile.parse("services:\n  on:\n    image: yes\n").containers().get(0).image())
                .isEqualTo("yes");
        assertThat(ComposeFile.parse("services: {}\n").containers()).isEmpty();
    }

    @Test
    void filesComposeWouldRefuseAreRefusedWithItsReason() {
        assertThatThrownBy(() -> ComposeFile.parse("services:\n  web: [x\n")).hasMessageStartingWith("yaml: ");
        assertThatThrownBy(() -> ComposeFile.parse(null)).hasMessage("Top-level object must be a mapping");
        assertThatThrownBy(() -> ComposeFile.parse("services: [web]\n")).hasMessage("services must be a mapping");
        assertThatThrownBy(() -> ComposeFile.parse("services:\n  web:\n    ports: [80]\n"))
                .hasMessageContaining("service \"web\" has neither an image nor a build context specified");
    }
}
