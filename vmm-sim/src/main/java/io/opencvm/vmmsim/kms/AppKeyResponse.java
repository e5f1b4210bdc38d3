package io.opencvm.vmmsim.kms;

/** KMS {@code AppKeyResponse}; {@code ca_cert} is the KMS CA certificate (PEM). */
public record AppKeyResponse(String caCert, String diskCryptKey, String envCryptKey, String k256Key,
        String k256Signature, String tproxyAppId, String gatewayAppId, String osImageHash) {
}
