package io.opencvm.vmmsim.guest;

import io.opencvm.vmmsim.tdx.Measurement;
import java.time.Instant;
import java.util.List;

/**
 * A consistent copy of a running guest, taken under the node's lock, from which the guest API answers.
 *
 * @param gatewayUpAt when the WireGuard tunnel to the gateway came up; {@code null} without a gateway
 * @param appCertChain empty until the guest agent holds its certificate
 */
public record GuestSnapshot(GuestFacts facts, Instant now, Instant bootedAt, Instant gatewayUpAt, String instanceId,
        String composeHash, Measurement measurement, String appCertChain, List<RunningContainer> containers) {

    public GuestSnapshot {
        containers = List.copyOf(containers);
    }

    /** A container that runs in this boot. */
    public record RunningContainer(String id, String name, String image, Instant created, Instant startedAt) {
    }
}
