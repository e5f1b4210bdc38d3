package io.opencvm.vmmsim.guest;

/**
 * How the guest-facing routes ({@code /logs}, {@code /guest/*}, the simulated gateway) find a VM's guest. The node
 * implements it; every method answers from one consistent moment.
 */
public interface GuestDirectory {

    /** The VM's {@code serial}, {@code stdout} or {@code stderr} log; {@code null} when there is no such VM. */
    LogChannel vmLog(String vmId, String channel);

    /**
     * A running guest whose agent answers.
     *
     * @throws io.opencvm.vmmsim.prpc.RpcError with the VMM's text: {@code vm not found}, or the vsock client's
     *         connect error while the VM is stopped or its agent not yet up
     */
    GuestSnapshot reach(String vmId);

    /** A container's log in a reachable guest, by name or id; {@code null} when there is no such container. */
    LogChannel containerLog(String vmId, String container);

    /**
     * The VM a gateway name points at: an instance id names that instance, an app id one of the app's instances
     * (the most recently booted); only guests registered with the gateway ({@code gateway_enabled}, an instance id,
     * agent up) count. {@code null} when none does.
     */
    String routeGatewayId(String id);
}
