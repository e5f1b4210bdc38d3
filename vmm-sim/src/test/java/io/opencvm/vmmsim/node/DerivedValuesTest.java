package io.opencvm.vmmsim.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DerivedValuesTest {

    @ParameterizedTest
    @CsvSource({
        "true,true,true,removing", "true,false,false,removing", "false,true,true,running",
        "false,true,false,exited", "false,false,true,stopping", "false,false,false,stopped"})
    void statusIsDerivedFromRemovingStartedAndAlive(boolean removing, boolean started, boolean alive, String wire) {
        assertThat(VmStatus.of(removing, started, alive).wire()).isEqualTo(wire);
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "5,5s", "3723,1h 2m 3s", "90000,1day 1h", "176400,2days 1h"})
    void durationsAreFormattedLikeHumantime(long seconds, String text) {
        assertThat(HumanDuration.format(Duration.ofSeconds(seconds).plusMillis(900))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"vm-123,96:b1:d8:b9:08:e6"})
    void macAddressMatchesTheRepositoryVector(String vmId, String mac) {
        assertThat(VmInfoView.mac(vmId, 0)).isEqualTo(mac);
    }
}
