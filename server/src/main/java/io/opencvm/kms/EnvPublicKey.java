package io.opencvm.kms;

/** An app's X25519 env-encryption public key (hex) with the KMS's signatures over it (hex). */
public record EnvPublicKey(String publicKey, String signature, long timestamp, String signatureV1) {
}
