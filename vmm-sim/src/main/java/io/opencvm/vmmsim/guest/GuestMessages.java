package io.opencvm.vmmsim.guest;

import java.util.List;

/**
 * The {@code guest_api.proto} messages of {@code ProxiedGuestApi} (dstack v0.5), field for field; bytes are hex
 * strings and numbers are JSON numbers on the wire, through the shared snake_case mapper.
 */
public final class GuestMessages {

    private GuestMessages() {
    }

    /**
     * {@code GuestInfo}.
     *
     * @param appCert PEM chain of the guest's RA-TLS certificate, leaf first; empty until it is issued
     * @param tcbInfo pretty JSON (mrtd, rtmr0..3, mr_aggregated, os_image_hash, compose_hash, device_id,
     *                event_log, app_compose); empty when the compose sets {@code public_tcbinfo: false}
     */
    public record GuestInfo(String version, String appId, String instanceId, String appCert, String tcbInfo,
            String deviceId) {
    }

    public record IpAddress(String address, long prefix) {
    }

    public record Interface(String name, List<IpAddress> addresses, long rxBytes, long txBytes, long rxErrors,
            long txErrors) {
    }

    public record Gateway(String address) {
    }

    /** {@code NetworkInformation}; {@code wg_info} is the output of {@code wg} (empty without a gateway). */
    public record NetworkInformation(List<String> dnsServers, List<Gateway> gateways, List<Interface> interfaces,
            String wgInfo) {
    }

    /** {@code Container}: Docker's list entry; {@code names} keep Docker's leading slash. */
    public record Container(String id, List<String> names, String image, String imageId, long created, String state,
            String status) {
    }

    public record ListContainersResponse(List<Container> containers) {
    }

    public record DiskInfo(String name, String mountPoint, long totalSize, long freeSize) {
    }

    /** {@code SystemInfo}: memory in bytes, uptime in seconds, load averages times 100. */
    public record SystemInfo(String osName, String osVersion, String kernelVersion, String cpuModel, long numCpus,
            long totalMemory, long availableMemory, long usedMemory, long freeMemory, long totalSwap, long usedSwap,
            long freeSwap, long uptime, long loadavgOne, long loadavgFive, long loadavgFifteen, List<DiskInfo> disks) {
    }
}
