package io.opencvm.vmmsim.guest;

import java.util.List;

/**
 * What a simulated guest sees of its VM when it boots: resources, image, identity inputs and the app compose as
 * copied from the host-shared folder. Captured at each boot, so an {@code UpdateVm} shows at the next boot only,
 * as on a real node.
 *
 * @param composeFile the exact {@code app-compose.json} text
 * @param dockerCompose the {@code docker_compose_file} text, or {@code null}
 * @param keyProvider {@code kms}, {@code local}, {@code tpm} or {@code none}
 * @param mac the first NIC's MAC address
 */
public record GuestFacts(String vmId, String vmName, String appName, String appId, String deviceId, String composeFile,
        String dockerCompose, String runner, String keyProvider, boolean gatewayEnabled, boolean publicLogs,
        boolean publicSysinfo, boolean publicTcbinfo, long vcpu, long memoryMb, long diskGb, String imageName,
        String imageVersion, String osImageHash, int cid, String mac, List<String> kmsUrls) {

    public GuestFacts {
        kmsUrls = List.copyOf(kmsUrls);
    }

    /** The kernel command line the image boots with (measured into RTMR2). */
    public String kernelCmdline() {
        return "console=ttyS0 init=/init panic=1 net.ifnames=0 biosdevname=0 mce=off oops=panic pci=noearly"
                + " random.trust_cpu=y random.trust_bootloader=n tsc=reliable no-kvmclock dstack.rootfs_hash="
                + osImageHash;
    }
}
