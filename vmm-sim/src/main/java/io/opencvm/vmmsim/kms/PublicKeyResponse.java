package io.opencvm.vmmsim.kms;

/** {@code PublicKeyResponse}: bytes as hex, {@code timestamp} in unix seconds (uint64 → JSON number). */
public record PublicKeyResponse(String publicKey, String signature, long timestamp, String signatureV1) {
}
