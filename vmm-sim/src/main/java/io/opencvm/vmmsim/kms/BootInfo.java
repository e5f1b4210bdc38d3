package io.opencvm.vmmsim.kms;

/**
 * What the KMS knows about a booting guest. Byte fields are lower-case hex without {@code 0x}; an empty
 * {@code instanceId} means the app has none. In real dstack these come from the verified RA-TLS attestation.
 */
public record BootInfo(String appId, String composeHash, String instanceId, String deviceId, String osImageHash,
        String tcbStatus) {
}
