package io.opencvm.vmm;

import java.util.List;

/** One VM as a node reports it (Status / GetInfo). Every field may be missing on older nodes. */
public record VmInfo(String id, String name, String status, String uptime, String appUrl, String appId,
                     String instanceId, VmConfiguration configuration, String exitedAt, String bootProgress,
                     String bootError, String shutdownProgress, String imageVersion, List<GuestEvent> events) {

    public record GuestEvent(String event, String body, long timestamp) {
    }

    /** The readiness rule of dstack itself: running, boot done, an instance id, no boot error. */
    public boolean ready() {
        return "running".equals(status) && "done".equals(bootProgress) && instanceId != null
                && !instanceId.isEmpty() && (bootError == null || bootError.isEmpty());
    }
}
