package io.opencvm.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A table the server cannot size CVMs by stops it at start, with the reason. */
class InstanceTypeTableRulesTest {

    private static InstanceType type(String id) {
        return new InstanceType(id, null, 2, 4096, 20, false, null);
    }

    @Test
    void aTypeNamedTwiceOrADefaultOutsideTheTableOrAnEmptyTableIsRefused() {
        assertThatThrownBy(() -> new InstanceTypeTable(List.of(type("tdx.small"), type("tdx.small")), null))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new InstanceTypeTable(List.of(type("tdx.small")), "tdx.huge"))
                .hasMessageContaining("tdx.huge");
        assertThatThrownBy(() -> new InstanceTypeTable(List.of(), null)).hasMessageContaining("empty");
    }

    @Test
    void anIdWithoutAFamilyOrAZeroSizeIsRefused() {
        assertThatThrownBy(() -> type("small")).hasMessageContaining("<family>.<name>");
        assertThatThrownBy(() -> new InstanceType("tdx.none", null, 0, 4096, 20, false, null))
                .hasMessageContaining("above 0");
    }

    @Test
    void withoutADefaultTheFirstTypeIsTheDefaultAndUnsetTextsAreFilledIn() {
        InstanceTypeTable table = new InstanceTypeTable(List.of(type("tdx.medium"), type("gpu.a")), null);
        assertThat(table.byDefault().id()).isEqualTo("tdx.medium");
        assertThat(table.families()).containsExactly("tdx", "gpu");
        assertThat(table.byDefault().description()).isEqualTo("2 vCPU, 4 GB memory, Intel TDX");
        assertThat(table.byDefault().hourlyRate()).isEqualTo("0");
    }
}
