package io.opencvm.vmmsim.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Docker's status durations, wg's handshake ages and QEMU's IPv6 address, word for word. */
class GuestWordingTest {

    @Test
    void dockerSaysUpTimesLikeDockerPs() {
        assertThat(DockerDuration.human(Duration.ofMillis(400))).isEqualTo("Less than a second");
        assertThat(DockerDuration.human(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(DockerDuration.human(Duration.ofSeconds(59))).isEqualTo("59 seconds");
        assertThat(DockerDuration.human(Duration.ofSeconds(119))).isEqualTo("About a minute");
        assertThat(DockerDuration.human(Duration.ofMinutes(59))).isEqualTo("59 minutes");
        assertThat(DockerDuration.human(Duration.ofMinutes(89))).isEqualTo("About an hour");
        assertThat(DockerDuration.human(Duration.ofHours(47))).isEqualTo("47 hours");
        assertThat(DockerDuration.human(Duration.ofDays(13))).isEqualTo("13 days");
        assertThat(DockerDuration.human(Duration.ofDays(20))).isEqualTo("2 weeks");
        assertThat(DockerDuration.human(Duration.ofDays(90))).isEqualTo("3 months");
        assertThat(DockerDuration.human(Duration.ofDays(800))).isEqualTo("2 years");
    }

    @Test
    void wireGuardSaysHandshakeAgesLikeWg() {
        assertThat(GuestViews.ago(0)).isEqualTo("Now");
        assertThat(GuestViews.ago(1)).isEqualTo("1 second ago");
        assertThat(GuestViews.ago(65)).isEqualTo("1 minute, 5 seconds ago");
        assertThat(GuestViews.ago(7_322)).isEqualTo("2 hours, 2 minutes, 2 seconds ago");
    }

    @Test
    void theIpv6AddressIsQemusPrefixWithTheMacsEui64() {
        assertThat(GuestViews.slaacAddress("52:54:00:12:34:56")).isEqualTo("fec0::5054:ff:fe12:3456");
    }
}
