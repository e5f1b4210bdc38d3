package io.opencvm.kms;

import java.util.Map;

/** An app contract's device rules: {@code allowAnyDevice}, and {@code allowedDeviceIds} of each device asked about. */
public record DeviceAllowance(boolean allowAnyDevice, Map<String, Boolean> listed) {

    public boolean allows(String deviceIdHex) {
        return allowAnyDevice || Boolean.TRUE.equals(listed.get(deviceIdHex));
    }
}
