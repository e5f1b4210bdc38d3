package io.opencvm.vmm;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The guest agent's messages as dstack-vmm proxies them ({@code /guest/<Method>}); every field may be missing. */
public final class GuestMessages {

    private GuestMessages() {
    }

    /**
     * {@code GuestInfo}: {@code appCert} is the PEM chain of the guest's RA-TLS certificate (leaf first), {@code tcbInfo}
     * the agent's JSON of measurements and event log (empty when the compose hides it).
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

    /** {@code NetworkInformation}; {@code wgInfo} is the output of {@code wg} (empty without a gateway). */
    public record NetworkInformation(List<String> dnsServers, List<Gateway> gateways, List<Interface> interfaces,
                                     String wgInfo) {
    }

    /** Docker's list entry; {@code names} keep Docker's leading slash. */
    public record Container(String id, List<String> names, String image, String imageId, long created, String state,
                            String status) {
    }

    public record ListContainersResponse(List<Container> containers) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DiskInfo(String name, String mountPoint, long totalSize, long freeSize) {
    }

    /** {@code SystemInfo}: memory in bytes, uptime in seconds, load averages times 100 (shown as the node says it). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SystemInfo(String osName, String osVersion, String kernelVersion, String cpuModel, long numCpus,
                             long totalMemory, long availableMemory, long usedMemory, long freeMemory, long totalSwap,
                             long usedSwap, long freeSwap, long uptime, long loadavgOne, long loadavgFive,
                             long loadavgFifteen, List<DiskInfo> disks) {
    }
}
