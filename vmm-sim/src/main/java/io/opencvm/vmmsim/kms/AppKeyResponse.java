package io.opencvm.vmmsim.kms;

/** KMS {@code AppKeyResponse}; the simulator issues no certificates, so {@code ca_cert} is empty. */
public record AppKeyResponse(String caCert, String diskCryptKey, String envCryptKey, String k256Key,
        String k256Signature, String tproxyAppId, String gatewayAppId, String osImageHash) {
}
